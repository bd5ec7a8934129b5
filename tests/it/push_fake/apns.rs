//! The fake apns (filled in by its owner).
