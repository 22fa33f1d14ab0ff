"""Running the coach in production: health and metrics endpoints, metrics, JSON logs."""
