//! Edits: a write to a record that exists names the fields it changed, so that
//! merging two devices' books keeps each device's change to a different field.

use serde_json::{Map, Value};

use crate::book::{Book, Record, RecordKey, WriteCtx};
use crate::sync::{Change, ChangeSet};

/// Turns each put of a record the book already holds into an edit of the fields
/// that differ from the book's current value. Puts of new records, and puts
/// that change nothing, stay as they are. The app runs every write through it.
pub fn mark_edits(mut set: ChangeSet, book: &Book) -> ChangeSet {
    for change in &mut set.changes {
        let Change::Put { record } = change else {
            continue;
        };
        let Some(current) = book.record(&record.key()) else {
            continue;
        };
        let fields = differing_fields(current, record);
        if !fields.is_empty() {
            let record = record.clone();
            *change = Change::Edit { record, fields };
        }
    }
    set
}

/// The record as a JSON object: its fields by name (the `record` tag included).
pub fn fields_of(record: &Record) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(fields)) => fields,
        // Every record is a struct variant of an internally tagged enum.
        _ => unreachable!("a record serializes to a JSON object"),
    }
}

/// The top-level fields whose values differ (a field only one side has counts),
/// in name order.
pub fn differing_fields(before: &Record, after: &Record) -> Vec<String> {
    let (before, after) = (fields_of(before), fields_of(after));
    let mut fields: Vec<String> = before
        .keys()
        .chain(after.keys().filter(|k| !before.contains_key(*k)))
        .filter(|k| before.get(*k) != after.get(*k))
        .cloned()
        .collect();
    fields.sort_unstable();
    fields
}

/// Why a field could not be set back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    /// The record is gone from the book.
    #[error("the record no longer exists")]
    NotFound,
    /// The record with that value would not be valid (e.g. unbalanced).
    #[error("the value would make the record invalid")]
    Invalid,
}

/// Sets one field of a record back to `value` (`None`: the field absent), as an
/// edit of that field: a new version, so the history shows the restoration.
pub fn restore_field(
    book: &Book,
    key: RecordKey,
    field: &str,
    value: Option<Value>,
    ctx: WriteCtx,
) -> Result<ChangeSet, RestoreError> {
    let current = book.record(&key).ok_or(RestoreError::NotFound)?;
    let mut fields = fields_of(current);
    match value {
        Some(value) => fields.insert(field.to_string(), value),
        None => fields.remove(field),
    };
    let record: Record =
        serde_json::from_value(Value::Object(fields)).map_err(|_| RestoreError::Invalid)?;
    if record.key() != key {
        return Err(RestoreError::Invalid);
    }
    let fields = vec![field.to_string()];
    Ok(ctx.change_set(vec![Change::Edit { record, fields }]))
}

/// Brings back a record that a merge deleted: a put of the record as it was.
pub fn restore_record(record: Record, ctx: WriteCtx) -> ChangeSet {
    ctx.change_set(vec![Change::Put { record }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::RecordKind;
    use crate::ids::{DeviceId, RecordId};
    use crate::sync::HlcClock;
    use crate::trade::Partner;

    fn partner(name: &str, email: &str) -> Record {
        Record::Partner(
            serde_json::from_value(serde_json::json!({
                "id": RecordId::from_parts(5, 5), "name": name, "email": email,
                "is_customer": true, "is_supplier": false,
            }))
            .unwrap(),
        )
    }

    fn ctx(n: u64) -> WriteCtx {
        WriteCtx {
            set_id: RecordId::from_parts(n, 1),
            stamp: HlcClock::new(DeviceId(RecordId::from_parts(1, 1))).tick(n),
        }
    }

    fn put(record: Record, n: u64) -> ChangeSet {
        ctx(n).change_set(vec![Change::Put { record }])
    }

    #[test]
    fn a_put_of_an_existing_record_names_what_it_changed() {
        let created = put(partner("山田", ""), 10);
        let book = Book::from_change_sets([&created]);
        assert_eq!(
            mark_edits(created.clone(), &Book::default()),
            created,
            "new: a put"
        );
        let same = put(partner("山田", ""), 20);
        assert_eq!(
            mark_edits(same.clone(), &book),
            same,
            "nothing changed: a put"
        );
        let changed = mark_edits(put(partner("山田商事", "a@b.jp"), 30), &book);
        let Change::Edit { record, fields } = &changed.changes[0] else {
            panic!("an edit: {changed:?}")
        };
        assert_eq!(fields, &["email", "name"]);
        assert_eq!(
            record,
            &partner("山田商事", "a@b.jp"),
            "the whole record as written"
        );
    }

    #[test]
    fn restoring_a_field_writes_only_that_field() {
        let created = put(partner("山田", "old@x.jp"), 10);
        let edited = mark_edits(
            put(partner("山田", "new@x.jp"), 20),
            &Book::from_change_sets([&created]),
        );
        let book = Book::from_change_sets([&created, &edited]);
        let key = RecordKey {
            kind: RecordKind::Partner,
            id: RecordId::from_parts(5, 5),
        };
        let set = restore_field(&book, key, "email", Some("old@x.jp".into()), ctx(30)).unwrap();
        assert!(matches!(&set.changes[0], Change::Edit { fields, .. } if fields == &["email"]));
        let restored = Book::from_change_sets([&created, &edited, &set]);
        assert!(
            matches!(restored.record(&key), Some(Record::Partner(Partner { email, .. })) if email == "old@x.jp")
        );
        assert_eq!(
            restore_field(
                &book,
                key,
                "is_customer",
                Some("not a bool".into()),
                ctx(40)
            ),
            Err(RestoreError::Invalid)
        );
    }
}
