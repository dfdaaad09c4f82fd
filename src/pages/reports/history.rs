//! 変更履歴: the change history, what changed when, filtered by text.

use crate::app::use_open_book;
use crate::components::record_label;
use crate::components::{Pager, Pages};
use crate::i18n::{use_i18n, Messages};
use crate::platform::local_time;
use crate::routes::BookScreen;
use kura_core::book::{Book, Record, RecordKind};
use kura_core::ids::RecordId;
use kura_core::locale::{format_date, format_datetime, Locale};
use kura_core::reports::{
    change_history, record_summary, ChangeHistory, ChangeKind, Field, HistoryQuery, HistoryRow,
    Period,
};
use leptos::prelude::*;

/// The changes made in `period` (local days) that mention `find`.
pub(super) fn history_of(book: &Book, period: Period, find: &str) -> ChangeHistory {
    let query = HistoryQuery {
        period: Some(period),
        text: Some(find.to_string()),
    };
    change_history(book, &query, local_time)
}

/// A changed field's name.
fn field_name(field: Field, t: &'static Messages) -> &'static str {
    match field {
        Field::Status => t.entry_status,
        Field::Date => t.entry_date,
        Field::Description => t.entry_description,
        Field::Partner => t.entry_partner,
        Field::Lines => t.field_lines,
        Field::Corrects => t.rep_field_corrects,
        Field::Code => t.account_code,
        Field::Name => t.account_name,
        Field::Kind => t.account_type,
        Field::Parent => t.rep_field_parent,
        Field::Role => t.account_role,
        Field::DefaultTax => t.account_default_tax,
        Field::TaxClass => t.account_tax_class,
        Field::Archived => t.archived,
        Field::StatementLine => t.rep_field_statement_line,
        Field::BookName => t.book_name,
        Field::OwnerName => t.owner_name,
        Field::Currency => t.currency,
        Field::FiscalYearStart => t.fiscal_year_start,
        Field::Language => t.ui_language,
        Field::ChartTemplate => t.chart_template,
        Field::TaxAccounting => t.tax_accounting,
        Field::Account => t.rep_account,
        Field::Share => t.rep_field_share,
        Field::Basis => t.rep_field_basis,
        Field::PartnerName => t.pt_name,
        Field::Roles => t.pt_roles,
        Field::Address => t.pt_address,
        Field::Contact => t.rcv_field_contact,
        Field::Terms => t.pt_terms,
        Field::PriceBasis => t.pt_price_basis,
        Field::Registration => t.pt_registration,
        Field::Bank => t.pt_bank_heading,
        Field::Notes => t.rcv_field_notes,
        Field::Number => t.doc_number,
        Field::DueDate => t.doc_due,
        Field::Subject => t.doc_subject,
        Field::Links => t.rcv_field_links,
        Field::Amount => t.rcv_field_amount,
        Field::Allocations => t.pt_allocations,
        Field::TaxRounding => t.rcv_field_tax_rounding,
        Field::WithholdingBooking => t.rcv_field_withholding_booking,
        Field::Images => t.rcv_field_images,
    }
}

/// What a change did, in words.
pub(super) fn change_text(row: &HistoryRow, locale: Locale, t: &'static Messages) -> String {
    let attachment = row.record.kind == RecordKind::Attachment;
    match &row.change {
        ChangeKind::Posted => t.rep_change_posted.to_string(),
        ChangeKind::Reversal { .. } => t.rep_change_reversal.to_string(),
        ChangeKind::Correction { .. } => t.rep_change_correction.to_string(),
        ChangeKind::BookCreated => t.rep_change_created.to_string(),
        ChangeKind::Added if attachment => t.rep_change_attached.to_string(),
        ChangeKind::Added => t.rep_change_added.to_string(),
        ChangeKind::Deleted if attachment => t.rep_change_detached.to_string(),
        ChangeKind::Deleted => t.rep_change_deleted.to_string(),
        ChangeKind::Changed { fields } => {
            let names: Vec<&str> = fields.iter().map(|f| field_name(*f, t)).collect();
            if row.record.kind == RecordKind::JournalEntry {
                (t.rep_change_altered)(&names.join(", "))
            } else {
                (t.history_changed)(&names)
            }
        }
        ChangeKind::PeriodClosed { through } => {
            (t.rep_change_closed)(&format_date(*through, locale))
        }
        ChangeKind::PeriodReopened { through: Some(d) } => {
            (t.rep_change_reopened)(&format_date(*d, locale))
        }
        ChangeKind::PeriodReopened { through: None } => t.rep_change_reopened_all.to_string(),
        ChangeKind::Issued => t.rcv_change_issued.to_string(),
        ChangeKind::Cancelled => t.rcv_change_cancelled.to_string(),
    }
}

/// The entry a change is about (for an attachment, the entry it belongs to).
fn entry_of(row: &HistoryRow) -> Option<RecordId> {
    let record = row.after.as_deref().or(row.before.as_deref());
    match (row.record.kind, record) {
        (RecordKind::JournalEntry, _) => Some(row.record.id),
        (_, Some(Record::Attachment(a))) => Some(a.entry_id),
        _ => None,
    }
}

/// One change as the table shows it.
fn history_row(
    row: &HistoryRow,
    book: &Book,
    book_id: RecordId,
    locale: Locale,
    t: &'static Messages,
) -> impl IntoView {
    let summary =
        |r: &Option<std::sync::Arc<Record>>| r.as_deref().map(|r| record_summary(book, r, locale));
    let label = record_label(row.record.kind, t);
    let record = match entry_of(row) {
        Some(entry) => view! {
            <a href=BookScreen::Entry(entry).path(book_id) data-testid="history-record">{label}</a>
        }
        .into_any(),
        None => label.into_any(),
    };
    let original = match row.change {
        ChangeKind::Reversal { original } | ChangeKind::Correction { original } => Some(view! {
            " "
            <a class="kura-report__aside" href=BookScreen::Entry(original).path(book_id) data-testid="history-original">
                {t.rep_change_of}
            </a>
        }),
        _ => None,
    };
    view! {
        <tr data-testid="history-row">
            <td class="kura-report__when">{format_datetime(row.at, locale)}</td>
            <td>{record}</td>
            <td>{change_text(row, locale, t)}{original}</td>
            <td class="kura-report__summary">{summary(&row.before)}</td>
            <td class="kura-report__summary">{summary(&row.after)}</td>
        </tr>
    }
}

#[component]
pub(super) fn HistoryView(
    period: Memo<Period>,
    find: Memo<String>,
    set_find: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        find.with(|f| open.book.with(|b| history_of(b, p, f)))
    });
    let pages = Pages::new(Memo::new(move |_| report.with(|h| h.rows.len())));
    let rows = move || {
        let t = t();
        let locale = i18n.locale();
        let range = pages.range();
        report.with(|h| {
            open.book.with(|b| {
                h.rows[range.clone()]
                    .iter()
                    .map(|row| history_row(row, b, open.id, locale, t))
                    .collect_view()
            })
        })
    };
    let table = move || {
        let t = t();
        if report.with(|h| h.rows.is_empty()) {
            return view! { <p class="kura-muted" data-testid="report-empty">{t.rep_no_changes}</p> }
                .into_any();
        }
        view! {
            <Pager pages=pages />
            <div class="kura-report__scroll">
                <table class="kura-report__table kura-report__table--history" data-testid="history">
                    <thead>
                        <tr>
                            <th scope="col">{t.rep_when}</th>
                            <th scope="col">{t.rep_record}</th>
                            <th scope="col">{t.rep_change}</th>
                            <th scope="col">{t.rep_before}</th>
                            <th scope="col">{t.rep_after}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Pager pages=pages />
        }
        .into_any()
    };
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <label class="kura-report__field" for="history-find">
                <span>{move || t().rep_find}</span>
                <input
                    id="history-find"
                    class="kura-input"
                    type="search"
                    data-testid="history-find"
                    placeholder=move || t().rep_find_hint
                    prop:value=move || find.get()
                    on:change=move |ev| set_find.run(event_target_value(&ev))
                />
            </label>
        </div>
        {move || {
            let f = find.get();
            (!f.trim().is_empty()).then(|| view! { <p class="kura-report__print-only">{t().rep_find}": "{f}</p> })
        }}
        {table}
    }
}
