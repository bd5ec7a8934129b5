//! The SQL building blocks of the `PostgreSQL` store's listings: a WHERE clause with its
//! numbered parameters, the device listing's query (which index a page walks), rows to
//! devices, and one keyset page with its total.

use postgres::types::ToSql;
use postgres::Row;

use super::super::PageOf;
use super::conn::Tx;
use crate::proto::push as wire;

pub(super) const DEVICE_COLUMNS: &str =
    "d.id, d.provider, d.token, d.platform, d.user_id, d.timezone, d.locale, d.meta, d.webpush_keys";

/// A WHERE clause under construction, with its parameters in order (`$1`, `$2`, ..).
#[derive(Default)]
pub(super) struct Where {
    pub(super) clauses: Vec<String>,
    pub(super) params: Vec<Box<dyn ToSql + Sync>>,
}

impl Where {
    /// Adds a parameter; its placeholder.
    pub(super) fn bind(&mut self, p: impl ToSql + Sync + 'static) -> String {
        self.params.push(Box::new(p));
        format!("${}", self.params.len())
    }
    pub(super) fn push(&mut self, clause: String) {
        self.clauses.push(clause);
    }
    /// `column` is one of `l`, when `l` is not empty: one array parameter whatever its
    /// length, or `column = value` for one value, so that an index on `(column, id)` serves
    /// a page in id order.
    pub(super) fn any_of(&mut self, column: &str, l: &[String]) {
        if let [one] = l {
            let p = self.bind(one.clone());
            self.push(format!("{column} = {p}"));
        } else if !l.is_empty() {
            let p = self.bind(l.to_vec());
            self.push(format!("{column} = ANY({p}::text[])"));
        }
    }
    /// `column` starts with `prefix`: `starts_with`, not LIKE, so `%` and `_` match themselves.
    pub(super) fn prefix(&mut self, column: &str, prefix: &str) {
        let p = self.bind(prefix.to_string());
        self.push(format!("starts_with({column}, {p})"));
    }
    pub(super) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
    pub(super) fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| &**p as &(dyn ToSql + Sync))
            .collect()
    }
}

/// The FROM, the ordering key and the WHERE of a device listing. One topic (what a send to a
/// topic enumerates) walks the `(topic, device_id)` index in device order, so each page reads
/// only its own rows however large the topic; otherwise pages walk the devices' primary key.
pub(super) fn device_query(f: &wire::DeviceFilter) -> (&'static str, &'static str, Where) {
    let mut w = Where::default();
    let (from, key) = if let [topic] = f.topics.as_slice() {
        let p = w.bind(topic.clone());
        w.push(format!("dt.topic = {p}"));
        (
            "centri_push_device_topics dt JOIN centri_push_devices d ON d.id = dt.device_id",
            "dt.device_id",
        )
    } else {
        if !f.topics.is_empty() {
            let p = w.bind(f.topics.clone());
            w.push(format!(
                "d.id IN (SELECT device_id FROM centri_push_device_topics
                  WHERE topic = ANY({p}::text[]))"
            ));
        }
        ("centri_push_devices d", "d.id")
    };
    w.any_of("d.id", &f.ids);
    w.any_of("d.user_id", &f.users);
    w.any_of("d.provider", &f.providers);
    w.any_of("d.platform", &f.platforms);
    (from, key, w)
}

pub(super) fn device_from_row(r: &Row) -> Result<wire::Device, postgres::Error> {
    let meta: String = r.try_get(7)?;
    Ok(wire::Device {
        id: r.try_get(0)?,
        provider: r.try_get(1)?,
        token: r.try_get(2)?,
        platform: r.try_get(3)?,
        user: r.try_get(4)?,
        timezone: r.try_get(5)?,
        locale: r.try_get(6)?,
        topics: None,
        meta: Some(serde_json::from_str(&meta).unwrap_or_default()),
        webpush_keys: r.try_get(8)?,
    })
}

pub(super) fn count(
    tx: &mut Tx<'_>,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<u64, postgres::Error> {
    let n: i64 = tx.query_one(sql, params)?.try_get(0)?;
    Ok(n as u64)
}

/// One keyset page of `SELECT cols FROM from WHERE … AND key > cursor ORDER BY key`, with
/// `limit + 1` rows (the extra one says that more follow), and the total of the whole filter
/// first when asked (in the caller's snapshot, so both see the same data).
pub(super) fn keyset_page<T, C>(
    tx: &mut Tx<'_>,
    (cols, from, key): (&str, &str, &str),
    mut w: Where,
    cursor: Option<Box<dyn ToSql + Sync>>,
    page: &PageOf<C>,
    row: impl Fn(&Row) -> Result<T, postgres::Error>,
) -> Result<(Vec<T>, Option<u64>), postgres::Error> {
    let total = if page.total {
        Some(count(
            tx,
            &format!("SELECT count(*) FROM {from}{}", w.sql()),
            &w.params(),
        )?)
    } else {
        None
    };
    if let Some(c) = cursor {
        w.params.push(c);
        let p = format!("${}", w.params.len());
        w.push(format!("{key} > {p}"));
    }
    let limit = w.bind(page.limit as i64 + 1);
    let rows = tx.query(
        &format!(
            "SELECT {cols} FROM {from}{} ORDER BY {key} LIMIT {limit}",
            w.sql()
        ),
        &w.params(),
    )?;
    let items = rows.iter().map(row).collect::<Result<_, _>>()?;
    Ok((items, total))
}
