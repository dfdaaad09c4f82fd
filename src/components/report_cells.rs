//! The cells and paging every report table shares: amounts (negatives marked,
//! a figure drilling to the ledger behind it), account names indented by depth,
//! and long reports a page at a time on screen, everything in print.

use crate::components::Column;
use crate::i18n::{use_i18n, Messages};
use crate::routes::BookScreen;
use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::locale::{format_date, format_money, Locale};
use kura_core::money::Currency;
use leptos::prelude::*;
use rust_decimal::Decimal;

pub fn account_name(book: &Book, id: RecordId, locale: Locale) -> String {
    book.account(id)
        .map(|a| a.name(locale).to_string())
        .unwrap_or_default()
}

/// An amount cell's text and class (negatives marked as well as signed).
pub fn amount_class(amount: Decimal) -> &'static str {
    if amount.is_sign_negative() && !amount.is_zero() {
        "kura-report__num kura-money--negative"
    } else {
        "kura-report__num"
    }
}

/// A right-aligned amount cell.
pub fn amount_td(amount: Decimal, currency: Currency, locale: Locale) -> impl IntoView {
    view! { <td class=amount_class(amount)>{format_money(amount, currency, locale)}</td> }
}

/// A right-aligned amount cell whose figure opens the ledger behind it.
pub fn drill_td(
    amount: Decimal,
    currency: Currency,
    locale: Locale,
    href: String,
    label: String,
) -> impl IntoView {
    view! {
        <td class=amount_class(amount)>
            <a class="kura-drill" data-testid="drill" href=href title=label>
                {format_money(amount, currency, locale)}
            </a>
        </td>
    }
}

/// The account's name cell, indented by its depth.
pub fn name_td(name: String, depth: u8) -> impl IntoView {
    let class = format!("kura-report__name kura-report__depth-{}", depth.min(3));
    view! { <td class=class>{name}</td> }
}

pub fn no_figures(t: &Messages) -> impl IntoView {
    view! { <p class="kura-muted" data-testid="report-empty">{t.rep_no_figures}</p> }
}

/// An amount cell with nothing in it (the other side of a figure).
pub fn empty_num_td() -> impl IntoView {
    view! { <td class="kura-report__num"></td> }
}

/// Items (entries, changes) on one screen page of a long report: fifty
/// entries are some two hundred table rows, drawn within a frame or two.
pub const LONG_PAGE: usize = 50;

/// Whether the report is being printed: long reports then show every page.
#[derive(Clone, Copy)]
pub struct Printing(RwSignal<bool>);

/// Provides [`Printing`] for the report page; back to one page after printing.
/// The browser's own print command (Ctrl+P) sets it too: the update runs in
/// the microtasks after `beforeprint`, before the page is laid out for print.
pub fn provide_printing() -> RwSignal<bool> {
    let printing = RwSignal::new(false);
    provide_context(Printing(printing));
    let before = window_event_listener(leptos::ev::beforeprint, move |_| printing.set(true));
    let after = window_event_listener(leptos::ev::afterprint, move |_| printing.set(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });
    printing
}

/// A long report's paging: the page asked for, and the items it shows.
#[derive(Clone, Copy)]
pub struct Pages {
    page: RwSignal<usize>,
    total: Memo<usize>,
    printing: RwSignal<bool>,
}

impl Pages {
    /// Paging over `total` items, back to the first page when the list changes.
    pub fn new(total: Memo<usize>) -> Pages {
        let page = RwSignal::new(0);
        Effect::new(move || {
            total.track();
            page.set(0);
        });
        Pages {
            page,
            total,
            printing: expect_context::<Printing>().0,
        }
    }

    pub fn last(&self) -> usize {
        self.total.get().saturating_sub(1) / LONG_PAGE
    }

    /// The items shown: one page on screen, all of them in print.
    pub fn range(&self) -> std::ops::Range<usize> {
        let total = self.total.get();
        if self.printing.get() {
            return 0..total;
        }
        let from = self.page.get().min(self.last()) * LONG_PAGE;
        from..(from + LONG_PAGE).min(total)
    }
}

/// Where the page stands, with previous and next (hidden in print).
#[component]
pub fn Pager(pages: Pages) -> impl IntoView {
    let i18n = use_i18n();
    let range = move || {
        let r = pages.range();
        (i18n.t().table_range)(r.start + 1, r.end, pages.total.get())
    };
    let page = pages.page;
    let current = move || page.get().min(pages.last());
    view! {
        <Show when=move || { pages.last() > 0 }>
            <div class="kura-pager" data-testid="report-pager">
                <span class="kura-pager__range" aria-live="polite">{range}</span>
                <button
                    type="button"
                    class="kura-button kura-pager__previous"
                    disabled=move || current() == 0
                    on:click=move |_| page.set(current().saturating_sub(1))
                >
                    {move || i18n.t().table_previous}
                </button>
                <button
                    type="button"
                    class="kura-button kura-pager__next"
                    data-testid="report-next"
                    disabled=move || { current() >= pages.last() }
                    on:click=move |_| page.set((current() + 1).min(pages.last()))
                >
                    {move || i18n.t().table_next}
                </button>
            </div>
        </Show>
    }
}

/// An amount cell, empty for zero (the side a line is not on).
pub fn side_td(amount: Decimal, currency: Currency, locale: Locale) -> AnyView {
    if amount.is_zero() {
        empty_num_td().into_any()
    } else {
        amount_td(amount, currency, locale).into_any()
    }
}

/// What every list of entries shows first: when, what, with whom.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryRef {
    pub entry: RecordId,
    pub date: NaiveDate,
    pub description: String,
    pub partner: String,
}

/// The date, description (a link to the entry, `link_test_id`) and partner columns
/// of a table whose rows are entries.
pub fn entry_ref_columns<T: Clone + Send + Sync + 'static>(
    i18n: crate::i18n::I18n,
    book_id: RecordId,
    link_test_id: &'static str,
    head: fn(&T) -> &EntryRef,
) -> Vec<Column<T>> {
    let t = move || i18n.t();
    vec![
        Column::text(
            move || t().rep_date.to_string(),
            move |r: &T| {
                let date = head(r).date;
                move || format_date(date, i18n.locale())
            },
        ),
        Column::text(
            move || t().rep_description.to_string(),
            move |r: &T| {
                let h = head(r);
                view! {
                    <a href=BookScreen::Entry(h.entry).path(book_id) data-testid=link_test_id>
                        {h.description.clone()}
                    </a>
                }
            },
        ),
        Column::text(
            move || t().rep_partner.to_string(),
            move |r: &T| head(r).partner.clone(),
        ),
    ]
}
