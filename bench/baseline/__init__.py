"""The benchmark's yardstick: the straightforward SQL behind a minimal Starlette app."""
