"""What every app's demo content shares."""

# Starts the name or title of every made-up row (releases, enterprises), so that
# no one takes it for real news or a real firm.
SYNTHETIC_PREFIX = "[Synthetic]"
