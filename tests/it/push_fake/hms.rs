//! The fake hms (filled in by its owner).
