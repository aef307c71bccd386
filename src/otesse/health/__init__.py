"""Liveness and database reachability, for load balancers and operators."""
