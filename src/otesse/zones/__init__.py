"""Service zones: named sets of ZIP codes that addresses fall into."""
