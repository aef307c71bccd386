"""The pages a customer opens from an email: the invitation and unsubscribe (server-rendered)."""
