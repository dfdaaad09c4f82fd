//! `/books/<id>/dashboard`: the screen a sole proprietor opens every morning.
//!
//! Cash and bank balances as of today, this month's revenue and expenses against
//! the same month last year, the fiscal year's profit month by month, and what
//! needs attention (draft entries). Everything is computed from the book in
//! memory by `kura_core::reports`; a new book gets a friendly start instead.
//!
//! On top, how safe the data is: whether the browser keeps it even when the
//! disk runs low (persistent storage, asked for without holding anything up),
//! how old the last backup is, and the backup one click away.

use chrono::{Datelike, Months, NaiveDate};
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::inventory::below_reorder_point;
use kura_core::ledger::EntryStatus;
use kura_core::locale::{format_date, format_money, Locale};
use kura_core::money::Currency;
use kura_core::reports::{
    cash_balances, monthly_profit_and_loss, open_items, profit_and_loss, CashBalances, OpenItem,
    Period, ProfitAndLoss,
};
use kura_core::trade::TradeSide;
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::app::use_open_book;
use crate::components::{partner_name, quantity_text, BarChart, ChartBar};
use crate::i18n::use_i18n;
use crate::platform::{self, today, Persistence};
use crate::routes::BookScreen;

/// How many drafts the dashboard lists; the journal shows the rest.
const DRAFTS_SHOWN: usize = 10;

/// The same month a year earlier (the 29th of February falls back to the 28th).
fn a_year_before(date: NaiveDate) -> NaiveDate {
    date.checked_sub_months(Months::new(12)).unwrap_or(date)
}

/// A draft waiting to be posted.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    id: RecordId,
    date: NaiveDate,
    description: String,
    total: Decimal,
}

/// Drafts, newest first: at most `DRAFTS_SHOWN`, and how many there are.
fn drafts(book: &Book) -> (Vec<Draft>, usize) {
    let all: Vec<_> = book
        .entries()
        .rev()
        .filter(|e| e.status() == EntryStatus::Draft)
        .collect();
    let shown = all
        .iter()
        .take(DRAFTS_SHOWN)
        .map(|e| Draft {
            id: e.id(),
            date: e.date(),
            description: e.description().to_string(),
            total: e.total(),
        })
        .collect();
    (shown, all.len())
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let today = today();
    let is_empty = Memo::new(move |_| open.book.with(|b| b.entry_count() == 0));
    view! {
        <div class="kura-page kura-dashboard" data-testid="dashboard">
            <div class="kura-page__head">
                <h1>{move || i18n.t().dashboard_title}</h1>
                <p class="kura-muted" data-testid="dashboard-date">
                    {move || (i18n.t().as_of)(&format_date(today, i18n.locale()))}
                </p>
            </div>
            <SafetyCard />
            {move || {
                if is_empty.get() {
                    view! { <EmptyBook /> }.into_any()
                } else {
                    view! {
                        <div class="kura-dashboard__grid">
                            <CashCard today />
                            <CompareCard today />
                        </div>
                        <ChartCard today />
                        <AttentionCard />
                        <DueCard today />
                    }
                    .into_any()
                }
            }}
            <ReorderCard today />
        </div>
    }
}

/// Whether the browser keeps the book when the disk runs low, and its backups.
/// Persistence is asked for (not only checked) while it is not granted: Chromium
/// decides on its own, Firefox asks the user; the page never waits for it.
#[component]
fn SafetyCard() -> impl IntoView {
    let i18n = use_i18n();
    let persistence = RwSignal::new(None::<Persistence>);
    leptos::task::spawn_local(async move {
        let now = match platform::storage_persistence().await {
            Persistence::Refused => platform::request_persistent_storage().await,
            known => known,
        };
        persistence.set(Some(now));
    });
    let t = move || i18n.t();
    let status = move || match persistence.get() {
        None => t().loading,
        Some(Persistence::Granted) => t().dash_persist_granted,
        Some(Persistence::Refused) => t().dash_persist_refused,
        Some(Persistence::Unknown) => t().dash_persist_unknown,
    };
    let class = move || match persistence.get() {
        Some(Persistence::Refused | Persistence::Unknown) => "kura-dashboard__at-risk",
        _ => "",
    };
    view! {
        <section class="kura-card kura-dashboard__safety" aria-labelledby="dashboard-safety"
            data-testid="safety-card">
            <h2 id="dashboard-safety">{move || t().dash_safety_heading}</h2>
            <crate::components::WebKitEviction />
            <crate::components::BackupReminder persistence=persistence.into()>
                <dt>{move || t().dash_persist_label}</dt>
                <dd class=class data-testid="dashboard-persistence"
                    data-persistence=move || match persistence.get() {
                        None => "",
                        Some(Persistence::Granted) => "granted",
                        Some(Persistence::Refused) => "refused",
                        Some(Persistence::Unknown) => "unknown",
                    }>
                    {status}
                </dd>
            </crate::components::BackupReminder>
        </section>
    }
}

/// A new book: what the dashboard will show, and where to start.
#[component]
fn EmptyBook() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    view! {
        <section class="kura-card kura-dashboard__empty" data-testid="dashboard-empty">
            <h2>{move || t().dashboard_empty_title}</h2>
            <p>{move || t().dashboard_empty_intro}</p>
            <p class="kura-dashboard__actions">
                <a class="kura-button kura-button--primary" href=BookScreen::NewEntry.path(open.id)>
                    {move || t().dashboard_first_entry}
                </a>
                <a class="kura-button" href=BookScreen::QuickEntry.path(open.id)>
                    {move || t().dashboard_quick_entry}
                </a>
                <a class="kura-button" href=BookScreen::Accounts.path(open.id)>
                    {move || t().dashboard_accounts}
                </a>
            </p>
        </section>
    }
}

/// Cash and bank balances as of today.
#[component]
fn CashCard(today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let balances = Memo::new(move |_| open.book.with(|b| cash_balances(b, today)));
    let currency = Memo::new(move |_| open.book.with(|b| b.currency()));
    let t = move || i18n.t();
    view! {
        <section class="kura-card" aria-labelledby="dashboard-cash" data-testid="cash-card">
            <h2 id="dashboard-cash">{move || t().cash_heading}</h2>
            {move || {
                let CashBalances { rows, total } = balances.get();
                if rows.is_empty() {
                    return view! { <p class="kura-muted">{t().cash_none}</p> }.into_any();
                }
                let locale = i18n.locale();
                let currency = currency.get();
                let body = rows
                    .into_iter()
                    .map(|row| {
                        let name = open
                            .book
                            .with(|b| b.account(row.account).map(|a| a.name(locale).to_string()))
                            .unwrap_or_default();
                        let class = if row.depth > 0 { "kura-dashboard__sub" } else { "" };
                        view! {
                            <tr data-testid="cash-row">
                                <th scope="row" class=class>{name}</th>
                                <td class=money_class(row.amount) data-testid="cash-balance">
                                    {format_money(row.amount, currency, locale)}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="kura-table kura-dashboard__table">
                        <thead>
                            <tr>
                                <th scope="col">{t().account_column}</th>
                                <th scope="col" class="kura-table__cell--numeric">{t().balance_column}</th>
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row">{t().cash_total}</th>
                                <td class=money_class(total) data-testid="cash-total">
                                    {format_money(total, currency, locale)}
                                </td>
                            </tr>
                        </tfoot>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

/// This month's revenue, expenses and profit against the same month last year.
#[component]
fn CompareCard(today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let this_month = Period::month_of(today);
    let last_year = Period::month_of(a_year_before(today));
    let figures = Memo::new(move |_| {
        open.book.with(|b| {
            let pl = |p| {
                let ProfitAndLoss {
                    total_revenue,
                    total_expenses,
                    net_income,
                    ..
                } = profit_and_loss(b, p);
                [total_revenue, total_expenses, net_income]
            };
            (pl(this_month), pl(last_year))
        })
    });
    let currency = Memo::new(move |_| open.book.with(|b| b.currency()));
    let t = move || i18n.t();
    let month_label = move |p: Period| {
        let locale = i18n.locale();
        match locale {
            Locale::Ja => format!("{}年{}", p.from.year(), (t().month_short)(p.from.month())),
            Locale::En => format!("{} {}", (t().month_short)(p.from.month()), p.from.year()),
        }
    };
    view! {
        <section class="kura-card" aria-labelledby="dashboard-compare" data-testid="compare-card">
            <h2 id="dashboard-compare">{move || t().compare_heading}</h2>
            <table class="kura-table kura-dashboard__table">
                <thead>
                    <tr>
                        <th scope="col">
                            <span class="kura-visually-hidden">{move || t().compare_heading}</span>
                        </th>
                        <th scope="col" class="kura-table__cell--numeric">
                            {move || t().this_month_column}
                            <span class="kura-dashboard__period">{move || month_label(this_month)}</span>
                        </th>
                        <th scope="col" class="kura-table__cell--numeric">
                            {move || t().last_year_column}
                            <span class="kura-dashboard__period">{move || month_label(last_year)}</span>
                        </th>
                        <th scope="col" class="kura-table__cell--numeric">{move || t().change_column}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let (now, before) = figures.get();
                        let locale = i18n.locale();
                        let currency = currency.get();
                        let names = [t().revenue_row, t().expenses_row, t().profit_row];
                        let ids = ["compare-revenue", "compare-expenses", "compare-profit"];
                        (0..3)
                            .map(|i| {
                                let change = now[i] - before[i];
                                view! {
                                    <tr data-testid=ids[i]>
                                        <th scope="row">{names[i]}</th>
                                        <td class=money_class(now[i])>{format_money(now[i], currency, locale)}</td>
                                        <td class=money_class(before[i])>{format_money(before[i], currency, locale)}</td>
                                        <td class=money_class(change)>
                                            {signed_money(change, currency, locale)}
                                            <span class="kura-dashboard__percent">{percent(change, before[i])}</span>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </section>
    }
}

/// The fiscal year's profit, month by month.
#[component]
fn ChartCard(today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let year = Memo::new(move |_| open.book.with(|b| Period::book_fiscal_year(b, today)));
    let monthly = Memo::new(move |_| {
        open.book
            .with(|b| monthly_profit_and_loss(b, year.get().from).net_income)
    });
    let currency = Memo::new(move |_| open.book.with(|b| b.currency()));
    let bars = Signal::derive(move || {
        let locale = i18n.locale();
        let currency = currency.get();
        let start = year.get().from;
        monthly
            .get()
            .iter()
            .enumerate()
            .map(|(i, value)| ChartBar {
                label: (i18n.t().month_short)(
                    start
                        .checked_add_months(Months::new(i as u32))
                        .map_or(1, |d| d.month()),
                ),
                value: *value,
                text: format_money(*value, currency, locale),
            })
            .collect::<Vec<_>>()
    });
    let label = Signal::derive(move || {
        let locale = i18n.locale();
        let period = year.get();
        (i18n.t().chart_label)(
            &format_date(period.from, locale),
            &format_date(period.to, locale),
        )
    });
    let format = Callback::new(move |value: Decimal| {
        format_money(value, currency.get_untracked(), i18n.locale.get_untracked())
    });
    view! {
        <section class="kura-card" aria-labelledby="dashboard-chart" data-testid="chart-card">
            <h2 id="dashboard-chart">{move || i18n.t().chart_heading}</h2>
            <BarChart
                bars
                label
                label_header=Signal::derive(move || i18n.t().month_column.to_string())
                value_header=Signal::derive(move || i18n.t().profit_column.to_string())
                format
                test_id="profit-chart"
            />
        </section>
    }
}

/// Entries that need the user: drafts not yet posted.
#[component]
fn AttentionCard() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let list = Memo::new(move |_| open.book.with(drafts));
    let currency = Memo::new(move |_| open.book.with(|b| b.currency()));
    let t = move || i18n.t();
    view! {
        <section class="kura-card" aria-labelledby="dashboard-attention" data-testid="attention-card">
            <h2 id="dashboard-attention">{move || t().attention_heading}</h2>
            {move || {
                let (shown, count) = list.get();
                if count == 0 {
                    return view! { <p class="kura-muted" data-testid="draft-count">{t().no_drafts}</p> }
                        .into_any();
                }
                let locale = i18n.locale();
                let currency = currency.get();
                let items = shown
                    .into_iter()
                    .map(|d| {
                        let description = if d.description.trim().is_empty() {
                            t().no_description.to_string()
                        } else {
                            d.description.clone()
                        };
                        view! {
                            <li data-testid="draft-item">
                                <a href=BookScreen::Entry(d.id).path(open.id)>
                                    <span class="kura-dashboard__draft-date">{format_date(d.date, locale)}</span>
                                    <span class="kura-dashboard__draft-text">{description}</span>
                                    <span class="kura-num">{format_money(d.total, currency, locale)}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view();
                let more = count.saturating_sub(DRAFTS_SHOWN);
                view! {
                    <p data-testid="draft-count">{(t().drafts_count)(count)}</p>
                    <ul class="kura-dashboard__drafts">{items}</ul>
                    {(more > 0).then(|| view! {
                        <p>
                            <a href=BookScreen::Journal.path(open.id)>{(t().drafts_more)(more)}</a>
                        </p>
                    })}
                }
                .into_any()
            }}
        </section>
    }
}

/// A number cell's classes: right-aligned, negatives marked.
fn money_class(amount: Decimal) -> &'static str {
    if amount.is_sign_negative() && !amount.is_zero() {
        "kura-num kura-money--negative"
    } else {
        "kura-num"
    }
}

/// A change with its sign always shown: `+¥1,200`, `-¥300`, `¥0`.
fn signed_money(amount: Decimal, currency: Currency, locale: Locale) -> String {
    let text = format_money(amount, currency, locale);
    if amount.is_sign_positive() && !amount.is_zero() {
        format!("+{text}")
    } else {
        text
    }
}

/// The change as a percentage of last year's figure (` (+12.5%)`), if it has one.
fn percent(change: Decimal, before: Decimal) -> String {
    if before.is_zero() {
        return String::new();
    }
    let pct = (change / before.abs() * Decimal::ONE_HUNDRED).round_dp(1);
    let sign = if pct.is_sign_positive() && !pct.is_zero() {
        "+"
    } else {
        ""
    };
    format!(" ({sign}{pct}%)")
}

/// How far ahead "due soon" looks.
const DUE_SOON_DAYS: i64 = 14;
/// How many items each list of the due card shows.
const DUE_SHOWN: usize = 5;

/// Invoices past their due date (most overdue first) and bills due within two
/// weeks or already due (soonest first), at most `DUE_SHOWN` each.
fn due_lists(book: &Book, today: NaiveDate) -> (Vec<OpenItem>, Vec<OpenItem>) {
    let mut overdue: Vec<OpenItem> = open_items(book, TradeSide::Sales, today)
        .into_iter()
        .filter(|i| i.days_overdue > 0 && i.open.is_sign_positive())
        .collect();
    overdue.sort_by_key(|i| std::cmp::Reverse(i.days_overdue));
    overdue.truncate(DUE_SHOWN);
    let mut soon: Vec<OpenItem> = open_items(book, TradeSide::Purchase, today)
        .into_iter()
        .filter(|i| (i.due_date - today).num_days() <= DUE_SOON_DAYS && i.open.is_sign_positive())
        .collect();
    soon.truncate(DUE_SHOWN);
    (overdue, soon)
}

/// What customers owe past due, and what is to be paid soon.
#[component]
fn DueCard(today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let lists = Memo::new(move |_| open.book.with(|b| due_lists(b, today)));
    let t = move || i18n.t();
    let list = move |items: Vec<OpenItem>, empty: &'static str, test_id: &'static str| {
        if items.is_empty() {
            return view! { <p class="kura-muted" data-testid=test_id>{empty}</p> }.into_any();
        }
        let locale = i18n.locale();
        let currency = open.book.with(|b| b.currency());
        let rows = items
            .into_iter()
            .map(|item| {
                let name = open.book.with(|b| partner_name(b, item.partner));
                view! {
                    <li data-testid=test_id>
                        <a href=BookScreen::Document(item.document).path(open.id)>
                            <span class="kura-dashboard__draft-date">{format_date(item.due_date, locale)}</span>
                            <span class="kura-dashboard__draft-text">{format!("{} {name}", item.number)}</span>
                            <span class="kura-num">{format_money(item.open, currency, locale)}</span>
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="kura-dashboard__drafts">{rows}</ul> }.into_any()
    };
    view! {
        <div class="kura-dashboard__grid" data-testid="due-card">
            <section class="kura-card" aria-labelledby="dashboard-overdue">
                <h2 id="dashboard-overdue">{move || t().pt_dash_overdue}</h2>
                {move || list(lists.get().0, t().pt_dash_no_overdue, "overdue-item")}
            </section>
            <section class="kura-card" aria-labelledby="dashboard-due-soon">
                <h2 id="dashboard-due-soon">{move || t().pt_dash_due_soon}</h2>
                {move || list(lists.get().1, t().pt_dash_no_due, "due-soon-item")}
            </section>
        </div>
        <p class="kura-dashboard__more">
            <a href=BookScreen::Receivables.path(open.id)>{move || t().pt_dash_all}</a>
        </p>
    }
}

/// How many items to reorder the dashboard names; the reorder tab lists all.
const REORDER_SHOWN: usize = 5;

/// Items at or below their reorder point: how many, the first few, and a link
/// to the reorder tab. Only for a book that tracks stock.
#[component]
fn ReorderCard(today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let tracks_stock = Memo::new(move |_| {
        open.book
            .with(|b| b.items().any(|i| i.tracked && !i.archived))
    });
    let lines = Memo::new(move |_| {
        if !tracks_stock.get() {
            return Vec::new();
        }
        open.book.with(|b| {
            below_reorder_point(b, today)
                .into_iter()
                .map(|l| {
                    let name = b.item(l.item).map(|i| format!("{} {}", i.code, i.name));
                    (l.item, name.unwrap_or_default(), l.on_hand, l.reorder_point)
                })
                .collect::<Vec<_>>()
        })
    });
    let t = move || i18n.t();
    let body = move || {
        let all = lines.get();
        if all.is_empty() {
            return view! { <p class="kura-muted" data-testid="reorder-count">{t().sr_dash_none}</p> }
                .into_any();
        }
        let items = all
            .iter()
            .take(REORDER_SHOWN)
            .map(|(item, name, on_hand, point)| {
                let figures = format!(
                    "{} {} / {} {}",
                    t().sr_on_hand,
                    quantity_text(*on_hand),
                    t().sr_reorder_point,
                    quantity_text(*point)
                );
                view! {
                    <li data-testid="reorder-item">
                        <a href=BookScreen::Item(*item).path(open.id)>
                            <span class="kura-dashboard__draft-text">{name.clone()}</span>
                            <span class="kura-num">{figures}</span>
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p data-testid="reorder-count">{(t().sr_dash_count)(all.len())}</p>
            <ul class="kura-dashboard__drafts kura-dashboard__reorder">{items}</ul>
        }
        .into_any()
    };
    view! {
        <Show when=move || tracks_stock.get()>
            <section class="kura-card" aria-labelledby="dashboard-reorder" data-testid="reorder-card">
                <h2 id="dashboard-reorder">{move || t().sr_dash_heading}</h2>
                {body}
                <p class="kura-dashboard__more">
                    <a href=BookScreen::StockTab("reorder").path(open.id) data-testid="reorder-card-link">{move || t().sr_dash_all}</a>
                </p>
            </section>
        </Show>
    }
}
