"""The invitation email every new customer receives."""
