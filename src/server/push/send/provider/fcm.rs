//! fcm (filled in by its owner).
