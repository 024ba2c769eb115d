"""Parts: receiving a CAD file, storing it once and measuring it in a worker."""
