//! apns (filled in by its owner).
