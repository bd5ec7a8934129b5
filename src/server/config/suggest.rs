//! "Did you mean …?" for unknown config keys and environment variables: the closest known
//! name by edit distance, when it is close enough to be a likely typo. Owns no schema: the
//! caller passes the candidates.

/// The candidate closest to `word`, if it is within a typo's distance (a third of the
/// word's length, at least 1 and at most 3 edits). Ties go to the first candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_misses() {
        let keys = ["allowed_origins", "token", "ping_interval", "presence"];
        assert_eq!(closest("allowed_orgins", keys), Some("allowed_origins"));
        assert_eq!(closest("tokn", keys), Some("token"));
        assert_eq!(closest("presense", keys), Some("presence"));
        assert_eq!(closest("pnig_interval", keys), Some("ping_interval"));
        assert_eq!(closest("bogus", keys), None);
        assert_eq!(closest("x", keys), None);
        assert_eq!(closest("token", keys), None, "an exact name is no typo");
    }
}
