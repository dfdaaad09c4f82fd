//! A held change in words: what it would do to the book, with its dates and
//! amounts formatted for the user's language ("deletes posted entry
//! 2026/03/01 家賃 ¥100,000").

use kura_core::book::RecordKind;
use kura_core::ids::DeviceId;
use kura_core::locale::{format_date, format_money};
use kura_core::money::Currency;
use kura_core::sync::{Conflict, DocumentFacts, EntryFacts};

use super::field_label;
use crate::components::record_text;
use crate::i18n::{I18n, Messages};

/// The sentence for one conflict.
pub(super) fn conflict_text(conflict: &Conflict, currency: Currency, i18n: I18n) -> String {
    let (t, locale) = (i18n.t(), i18n.locale());
    let date = |d| format_date(d, locale);
    let money = |a| format_money(a, currency, locale);
    let entry = |e: &EntryFacts| {
        let amount = e.amount.map(money).unwrap_or_default();
        (date(e.date), e.description.clone(), amount)
    };
    let fields = |kind, names: &[String]| fields_text(kind, names, t);
    match conflict {
        Conflict::DeletesPostedEntry(e) => {
            let (d, what, amount) = entry(e);
            (t.merge_deletes_entry)(&d, &what, &amount)
        }
        Conflict::EditsPostedEntry {
            entry: e,
            fields: f,
        } => {
            let (d, what, amount) = entry(e);
            let f = fields(RecordKind::JournalEntry, f);
            (t.merge_edits_entry)(&d, &what, &amount, &f)
        }
        Conflict::PostsInClosedPeriod {
            entry: e,
            closed_through,
        } => {
            let (d, what, amount) = entry(e);
            (t.merge_posts_in_closed)(&d, &what, &amount, &date(*closed_through))
        }
        Conflict::ReopensPeriod { closed_through, to } => match to {
            None => (t.merge_reopens)(&date(*closed_through)),
            Some(to) => (t.merge_reopens_to)(&date(*closed_through), &date(*to)),
        },
        Conflict::DeletesIssuedDocument(doc) => (t.merge_deletes_document)(&document(doc, i18n)),
        Conflict::EditsIssuedDocument {
            document: doc,
            fields: f,
        } => {
            let f = fields(RecordKind::Document, f);
            (t.merge_edits_document)(&document(doc, i18n), &f)
        }
        Conflict::DuplicateNumber { document: doc, .. } => {
            (t.merge_duplicate_number)(&document(doc, i18n))
        }
        Conflict::DeletesPayment(p) => (t.merge_deletes_payment)(
            (t.pt_direction_name)(p.direction),
            &date(p.date),
            &money(p.amount),
        ),
        Conflict::EditsPayment {
            payment: p,
            fields: f,
        } => (t.merge_edits_payment)(
            (t.pt_direction_name)(p.direction),
            &date(p.date),
            &money(p.amount),
            &fields(RecordKind::Payment, f),
        ),
        Conflict::DeletesStockMove(m) => {
            (t.merge_deletes_move)((t.inv_move_kind_name)(m.kind), &date(m.date))
        }
        Conflict::EditsStockMove {
            stock_move: m,
            fields: f,
        } => (t.merge_edits_move)(
            (t.inv_move_kind_name)(m.kind),
            &date(m.date),
            &fields(RecordKind::StockMove, f),
        ),
        Conflict::DeletesEvidence {
            file_name,
            entry: e,
        } => {
            let (d, what, _) = entry(e);
            (t.merge_deletes_evidence)(file_name, &d, &what)
        }
        Conflict::EditsEvidence {
            file_name,
            entry: e,
            fields: f,
        } => {
            let (d, what, _) = entry(e);
            let f = fields(RecordKind::Attachment, f);
            (t.merge_edits_evidence)(file_name, &d, &what, &f)
        }
        Conflict::WritesOurSeries { tag } => (t.merge_writes_our_series)(&tag_text(tag, t)),
        Conflict::TakesSeries { device, tag } => {
            (t.merge_takes_series)(&device_text(*device, t), &tag_text(tag, t))
        }
        Conflict::UngrantedTag { device, tag } => {
            (t.merge_ungranted_tag)(&device_text(*device, t), &tag_text(tag, t))
        }
        Conflict::SharedTag {
            device,
            holder,
            tag,
        } => (t.merge_shared_tag)(
            &device_text(*device, t),
            &tag_text(tag, t),
            &device_text(*holder, t),
        ),
        Conflict::DeletesSeries { device, tag } => {
            (t.merge_deletes_series)(&device_text(*device, t), &tag_text(tag, t))
        }
        Conflict::WrittenWithOurId => t.merge_written_with_our_id.to_string(),
        Conflict::HiddenOverwrite {
            record,
            field,
            device,
        } => {
            let kind = record.key().kind;
            let what = record_text(record, t);
            let field = match field {
                Some(field) => field_label(kind, field, t).unwrap_or(field).to_string(),
                None => t.sync_whole_record.to_string(),
            };
            (t.merge_hidden_overwrite)(&what, &field, &device_text(*device, t))
        }
    }
}

/// A document as a conflict names it: its kind and number.
fn document(doc: &DocumentFacts, i18n: I18n) -> String {
    let kind = (i18n.t().doc_kind_name)(doc.kind);
    match &doc.number {
        Some(number) => format!("{kind} {number}"),
        None => format!("{kind} {}", format_date(doc.date, i18n.locale())),
    }
}

/// A device by the end of its id, as the overwritten table names it.
pub(super) fn device_text(device: DeviceId, t: &Messages) -> String {
    let id = device.to_string();
    (t.sync_device)(&id[id.len().saturating_sub(6)..])
}

/// A series tag as the user reads it: its letters, quoted, or "no letter".
fn tag_text(tag: &str, t: &Messages) -> String {
    if tag.is_empty() {
        t.series_no_letter.to_string()
    } else {
        (t.series_tag)(tag)
    }
}

/// Field names as the forms label them (the stored name otherwise).
fn fields_text(kind: RecordKind, fields: &[String], t: &Messages) -> String {
    let label = |field: &str| match (kind, field) {
        (_, "date") => Some(t.entry_date),
        (_, "description") => Some(t.entry_description),
        (_, "status") => Some(t.entry_status),
        (RecordKind::Document, "number") => Some(t.doc_number),
        _ => field_label(kind, field, t),
    };
    let names: Vec<&str> = fields
        .iter()
        .map(|f| label(f).unwrap_or(f.as_str()))
        .collect();
    names.join(t.merge_list_separator)
}
