"""Settings: base (shared), local (one machine, `make run`), dev, test and prod."""
