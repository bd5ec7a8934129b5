//! hms (filled in by its owner).
