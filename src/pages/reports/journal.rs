//! 仕訳帳: the journal, a page at a time on screen, every entry in print.

use crate::app::use_open_book;
use crate::components::{account_name, amount_td, no_figures, side_td, Pager, Pages};
use crate::i18n::{use_i18n, Messages};
use crate::routes::BookScreen;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::locale::{format_date, Locale};
use kura_core::money::Currency;
use kura_core::reports::{journal_page, EntryLink, JournalRow, Period};
use leptos::prelude::*;

/// The marker of an entry that undoes another, linking to that entry.
fn link_note(book_id: RecordId, link: EntryLink, t: &'static Messages) -> impl IntoView {
    let word = match link {
        EntryLink::Reversal { .. } => t.marker_reversal,
        EntryLink::Correction { .. } => t.marker_correction,
    };
    view! {
        " "
        <span class="kura-badge kura-badge--muted">{word}</span>
        " "
        <a class="kura-report__aside" href=BookScreen::Entry(link.original()).path(book_id)>{t.rep_change_of}</a>
    }
}

/// One entry of the journal: its head row and one row per line.
fn journal_entry(
    number: usize,
    row: &JournalRow,
    book: &Book,
    book_id: RecordId,
    cur: Currency,
    locale: Locale,
    t: &'static Messages,
) -> impl IntoView {
    let lines = row
        .lines
        .iter()
        .map(|l| {
            view! {
                <tr class="kura-journal__line" data-testid="journal-line">
                    <td></td>
                    <td></td>
                    <td>{account_name(book, l.account, locale)}</td>
                    {side_td(l.debit, cur, locale)}
                    {side_td(l.credit, cur, locale)}
                    <td>{l.tax_code.map(|c| (t.tax_code_name)(c))}</td>
                    <td>{l.memo.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <tbody class="kura-journal__entry" data-testid="journal-entry">
            <tr class="kura-journal__head">
                <td class="kura-report__num">{number}</td>
                <td class="kura-journal__date">{format_date(row.date, locale)}</td>
                <td colspan="5">
                    <a href=BookScreen::Entry(row.entry).path(book_id) data-testid="journal-entry-link">
                        {row.description.clone()}
                    </a>
                    {row.partner.clone().map(|p| view! { <span class="kura-report__aside">{p}</span> })}
                    {row.link.map(|link| link_note(book_id, link, t))}
                </td>
            </tr>
            {lines}
        </tbody>
    }
}

#[component]
pub(super) fn JournalView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    // The totals and the count of the whole journal (no entry read), then the
    // entries of the page shown (`journal_page`).
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| journal_page(b, p, 0, 0))
    });
    let pages = Pages::new(Memo::new(move |_| report.with(|j| j.total_rows)));
    let body = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        let range = pages.range();
        let p = period.get();
        open.book.with(|b| {
            let page = journal_page(b, p, range.start, range.len());
            page.rows
                .iter()
                .zip(page.start + 1..)
                .map(|(row, n)| journal_entry(n, row, b, open.id, cur, locale, t))
                .collect_view()
        })
    };
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        let (count, debit, credit) = report.with(|j| (j.total_rows, j.debit, j.credit));
        if count == 0 {
            return no_figures(t).into_any();
        }
        view! {
            <p class="kura-report__meta" data-testid="journal-count">{(t.rep_entry_count)(count)}</p>
            <Pager pages=pages />
            <div class="kura-report__scroll">
                <table class="kura-report__table kura-report__table--journal" data-testid="journal">
                    <thead>
                        <tr>
                            <th scope="col" class="kura-report__num">{t.rep_number}</th>
                            <th scope="col">{t.rep_date}</th>
                            <th scope="col">{t.rep_account}</th>
                            <th scope="col" class="kura-report__num">{t.rep_debit}</th>
                            <th scope="col" class="kura-report__num">{t.rep_credit}</th>
                            <th scope="col">{t.rep_tax_code}</th>
                            <th scope="col">{t.rep_memo}</th>
                        </tr>
                    </thead>
                    {body}
                    <tfoot>
                        <tr class="kura-report__total kura-report__grand" data-testid="journal-totals">
                            <td></td>
                            <td></td>
                            <th scope="row">{t.rep_total}</th>
                            {amount_td(debit, cur, locale)}
                            {amount_td(credit, cur, locale)}
                            <td></td>
                            <td></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <Pager pages=pages />
        }
        .into_any()
    }
}
