"""Setting up: `init` and `init-config`, `auth` (signing in to Google), and `doctor`."""
