//! `/books/<id>/accountant`: the journal for the accountant's program — the
//! Yayoi import format or Money Forward's journal CSV — for a fiscal year or any
//! period, with the account-name mapping both formats use. The download uses
//! the names on screen; "save" keeps them for next time (one write).

use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;

use chrono::NaiveDate;
use kura_core::book::{fiscal_years, Book};
use kura_core::export::moneyforward::moneyforward_journal;
use kura_core::export::yayoi::{
    export_mapping, kura_name, mapping_from_table, save_export_mapping, yayoi_journal,
    ExportMapping, Replaced,
};
use kura_core::export::{accountant_entries, year_closes_left_out};
use kura_core::files::{capped, Problems};
use kura_core::ids::RecordId;
use kura_core::locale::format_date;
use kura_core::reports::Period;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{use_open_book, WriteError};
use crate::components::{use_toasts, DateInput, FilesTab, FilesTabs};
use crate::i18n::{problem_text, store_error, use_i18n, Messages};
use crate::platform;
use crate::platform::today;

/// Which program the file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Yayoi,
    MoneyForward,
}

impl Format {
    const ALL: [Format; 2] = [Format::Yayoi, Format::MoneyForward];

    fn slug(self) -> &'static str {
        match self {
            Format::Yayoi => "yayoi",
            Format::MoneyForward => "moneyforward",
        }
    }

    fn label(self, t: &Messages) -> &'static str {
        match self {
            Format::Yayoi => t.acc_yayoi,
            Format::MoneyForward => t.acc_mf,
        }
    }

    fn explain(self, t: &Messages) -> &'static str {
        match self {
            Format::Yayoi => t.acc_yayoi_explain,
            Format::MoneyForward => t.acc_mf_explain,
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Format::Yayoi => "text/csv;charset=shift_jis",
            Format::MoneyForward => "text/csv;charset=utf-8",
        }
    }

    fn write(
        self,
        book: &Book,
        period: Period,
        mapping: &ExportMapping,
    ) -> Result<(Vec<u8>, Vec<Replaced>), Problems> {
        match self {
            Format::Yayoi => yayoi_journal(book, period, mapping).map(|f| (f.bytes, f.replaced)),
            Format::MoneyForward => {
                moneyforward_journal(book, period, mapping).map(|bytes| (bytes, Vec::new()))
            }
        }
    }
}

/// `<book>-yayoi-2026-01-01_2026-12-31.csv`; characters a file name cannot
/// hold become `_`.
fn file_name(book: &Book, format: Format, period: Period) -> String {
    let name = book.settings().map_or("kura", |s| s.name.as_str());
    platform::safe_file_name(&format!(
        "{name}-{}-{}_{}.csv",
        format.slug(),
        period.from,
        period.to
    ))
}

/// The fiscal years that hold entries and the current one, newest first.
fn year_choices(book: &Book) -> Vec<Period> {
    let mut years: Vec<Period> = fiscal_years(book)
        .into_iter()
        .map(|(from, to)| Period { from, to })
        .collect();
    let current = Period::book_fiscal_year(book, today());
    if !years.contains(&current) {
        years.push(current);
    }
    years.sort_by_key(|y| std::cmp::Reverse(y.from));
    years
}

/// How many entries the file of the period holds.
fn posted_count(book: &Book, period: Period) -> usize {
    accountant_entries(book, period).count()
}

/// The accounts the period's posted entries name (with the parents of
/// sub-accounts, whose names the files carry too).
fn used_accounts(book: &Book, period: Period) -> BTreeSet<RecordId> {
    let mut used: BTreeSet<RecordId> = book
        .entries_between(period.from, period.to)
        .filter(|e| e.is_posted())
        .flat_map(|e| e.lines().iter().map(|l| l.account))
        .collect();
    let parents: Vec<RecordId> = used
        .iter()
        .filter_map(|id| book.account(*id).and_then(|a| a.parent))
        .collect();
    used.extend(parents);
    used
}

/// One row of the mapping table: the account, its label, Kura's name.
#[derive(Clone, Debug, PartialEq)]
struct MappingRow {
    id: RecordId,
    label: String,
    kura: String,
}

/// The table's rows: accounts used in the period first, then the other live ones.
fn mapping_rows(book: &Book, period: Period) -> (Vec<MappingRow>, Vec<MappingRow>) {
    let used = used_accounts(book, period);
    let (first, rest): (Vec<_>, Vec<_>) = book
        .accounts()
        .into_iter()
        .filter(|a| used.contains(&a.id) || !a.archived)
        .map(|a| {
            let row = MappingRow {
                id: a.id,
                label: format!("{} {}", a.code, kura_name(a)),
                kura: kura_name(a).to_string(),
            };
            (used.contains(&a.id), row)
        })
        .partition(|(is_used, _)| *is_used);
    let rows = |v: Vec<(bool, MappingRow)>| v.into_iter().map(|(_, r)| r).collect();
    (rows(first), rows(rest))
}

fn saved_names(book: &Book) -> HashMap<RecordId, String> {
    export_mapping(book)
        .names
        .into_iter()
        .map(|m| (m.account, m.name))
        .collect()
}

#[component]
pub fn AccountantPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let current = open
        .book
        .with_untracked(|b| Period::book_fiscal_year(b, today()));
    let from = RwSignal::new(Some(current.from));
    let to = RwSignal::new(Some(current.to));
    let period = Memo::new(move |_| match (from.get(), to.get()) {
        (Some(from), Some(to)) if from <= to => Some(Period { from, to }),
        _ => None,
    });
    let format = RwSignal::new(Format::Yayoi);
    let names = RwSignal::new(open.book.with_untracked(saved_names));
    let problems = RwSignal::new(Problems::new());
    let replaced = RwSignal::new(Vec::<Replaced>::new());

    let download = move |_| {
        let Some(p) = period.get_untracked() else {
            return;
        };
        let f = format.get_untracked();
        let table: Vec<(RecordId, String)> = names.get_untracked().into_iter().collect();
        let made = open.book.with_untracked(|b| {
            let mapping = mapping_from_table(b, &table);
            f.write(b, p, &mapping)
                .map(|(bytes, replaced)| (file_name(b, f, p), bytes, replaced))
        });
        match made {
            Ok((name, bytes, written_as)) => {
                problems.set(Problems::new());
                replaced.set(written_as);
                platform::download_bytes(&name, &bytes, f.mime());
            }
            Err(found) => {
                replaced.set(Vec::new());
                problems.set(capped(found));
            }
        }
    };
    let replaced_lines = move || {
        let locale = i18n.locale.get();
        replaced.with(|all| {
            all.iter()
                .map(|r| {
                    let date = format_date(r.date, locale);
                    let chars: String = r.characters.iter().map(|c| format!("{:?} ", c)).collect();
                    let text = (t().acc_replaced_line)(r.line, r.column, &date, chars.trim_end());
                    view! { <li>{text}</li> }
                })
                .collect_view()
        })
    };
    let closes_left_out = move || {
        period
            .get()
            .map(|p| open.book.with(|b| year_closes_left_out(b, p)))
            .filter(|n| *n > 0)
    };
    let problem_lines = move || {
        let locale = i18n.locale.get();
        problems.with(|ps| {
            ps.iter()
                .map(|p| view! { <li>{problem_text(p, locale, &|f: &str| f.to_string())}</li> })
                .collect_view()
        })
    };

    view! {
        <div class="kura-page kura-accountant" data-testid="accountant-page">
            <FilesTabs current=FilesTab::Accountant />
            <h1>{move || t().acc_title}</h1>
            <p class="kura-muted">{move || t().acc_intro}</p>
            <section class="kura-card kura-accountant__export">
                <PeriodFields from=from to=to />
                <FormatChoice format=format />
                <p class="kura-muted" data-testid="accountant-count">
                    {move || {
                        period
                            .get()
                            .map(|p| (t().acc_entries)(open.book.with(|b| posted_count(b, p))))
                    }}
                </p>
                <button
                    type="button"
                    class="kura-button kura-button--primary"
                    data-testid="accountant-download"
                    disabled=move || period.get().is_none()
                    on:click=download
                >
                    {move || t().acc_download}
                </button>
                {move || closes_left_out().map(|n| view! {
                    <p class="kura-muted" data-testid="accountant-close-left-out">{(t().acc_close_left_out)(n)}</p>
                })}
                <Show when=move || replaced.with(|r| !r.is_empty())>
                    <div class="kura-accountant__problems kura-accountant__problems--saved" role="status" data-testid="accountant-replaced">
                        <p>{move || t().acc_replaced}</p>
                        <ul>{replaced_lines}</ul>
                    </div>
                </Show>
                <Show when=move || problems.with(|p| !p.is_empty())>
                    <div class="kura-accountant__problems" role="alert" data-testid="accountant-problems">
                        <p>{move || t().acc_problems}</p>
                        <ul>{problem_lines}</ul>
                    </div>
                </Show>
            </section>
            <MappingCard names=names period=period />
        </div>
    }
}

/// The period: a fiscal year from the list, or any dates.
#[component]
fn PeriodFields(
    from: RwSignal<Option<NaiveDate>>,
    to: RwSignal<Option<NaiveDate>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let years = Memo::new(move |_| open.book.with(year_choices));
    let from_error = RwSignal::new(None::<String>);
    let to_error = RwSignal::new(None::<String>);
    let chosen = move || {
        let (f, tt) = (from.get(), to.get());
        years.with(|ys| {
            ys.iter()
                .position(|y| Some(y.from) == f && Some(y.to) == tt)
                .map_or_else(|| "custom".to_string(), |i| i.to_string())
        })
    };
    let choose = move |value: String| {
        if let Some(y) = value
            .parse::<usize>()
            .ok()
            .and_then(|i| years.with_untracked(|ys| ys.get(i).copied()))
        {
            from.set(Some(y.from));
            to.set(Some(y.to));
        }
    };
    let option = move |(i, y): (usize, Period)| {
        let label = move || {
            let locale = i18n.locale.get();
            format!(
                "{} – {}",
                format_date(y.from, locale),
                format_date(y.to, locale)
            )
        };
        let value = i.to_string();
        let selected = {
            let value = value.clone();
            move || chosen() == value
        };
        view! { <option value=value selected=selected>{label}</option> }
    };
    view! {
        <div class="kura-accountant__period">
            <label class="kura-accountant__field">
                <span>{move || t().acc_period}</span>
                <select
                    class="kura-input"
                    data-testid="accountant-year"
                    on:change=move |ev| choose(event_target_value(&ev))
                >
                    {move || years.get().into_iter().enumerate().map(option).collect_view()}
                    <option value="custom" selected=move || chosen() == "custom">
                        {move || t().acc_custom}
                    </option>
                </select>
            </label>
            <label class="kura-accountant__field" for="accountant-from">
                <span>{move || t().acc_from}</span>
                <DateInput id="accountant-from" value=from error=from_error />
            </label>
            <label class="kura-accountant__field" for="accountant-to">
                <span>{move || t().acc_to}</span>
                <DateInput id="accountant-to" value=to error=to_error />
            </label>
        </div>
    }
}

/// Yayoi or Money Forward, each with a line on what the file is.
#[component]
fn FormatChoice(format: RwSignal<Format>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <fieldset class="kura-accountant__formats">
            <legend>{move || t().acc_format}</legend>
            {Format::ALL
                .into_iter()
                .map(|f| {
                    view! {
                        <label class="kura-accountant__format">
                            <input
                                type="radio"
                                name="accountant-format"
                                data-testid=format!("accountant-format-{}", f.slug())
                                checked=move || format.get() == f
                                on:change=move |_| format.set(f)
                            />
                            <span>
                                <strong>{move || f.label(t())}</strong>
                                <span class="kura-muted">{move || f.explain(t())}</span>
                            </span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The account-name table: Kura's account, the name in the accountant's
/// program (blank: Kura's), saved as one write.
#[component]
fn MappingCard(
    names: RwSignal<HashMap<RecordId, String>>,
    period: Memo<Option<Period>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let toasts = use_toasts();
    let error = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        let p = period.get()?;
        Some(open.book.with(|b| mapping_rows(b, p)))
    });
    let dirty = move || {
        let table: Vec<(RecordId, String)> = names.get().into_iter().collect();
        open.book
            .with(|b| mapping_from_table(b, &table).names != export_mapping(b).names)
    };
    let save = move |_| {
        let table: Vec<(RecordId, String)> = names.get_untracked().into_iter().collect();
        spawn_local(async move {
            let result = open
                .write(|b, ctx| Ok::<_, Infallible>(save_export_mapping(b, &table, ctx)))
                .await;
            match result {
                Ok(()) => {
                    error.set(None);
                    names.set(open.book.with_untracked(saved_names));
                    toasts.success(i18n.t().acc_mapping_saved.to_string());
                }
                Err(WriteError::Store(e)) => error.set(Some(store_error(&e, i18n.locale()))),
                Err(WriteError::Invalid(never)) => match never {},
            }
        });
    };
    let row = move |r: MappingRow| {
        let id = r.id;
        let value = move || names.with(|n| n.get(&id).cloned().unwrap_or_default());
        let input_id = format!("accountant-name-{id}");
        view! {
            <tr data-testid="accountant-mapping-row">
                <th scope="row"><label for=input_id.clone()>{r.label}</label></th>
                <td>
                    <input
                        class="kura-input"
                        id=input_id
                        placeholder=r.kura
                        prop:value=value
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            names.update(|n| {
                                n.insert(id, text);
                            });
                        }
                    />
                </td>
            </tr>
        }
    };
    let body = move || {
        let (used, rest) = rows.get().unwrap_or_default();
        let unused_head = (!rest.is_empty()).then(|| {
            view! {
                <tr class="kura-accountant__group">
                    <th colspan="2" scope="rowgroup">{move || t().acc_unused}</th>
                </tr>
            }
        });
        view! {
            <tbody>{used.into_iter().map(row).collect_view()}</tbody>
            <tbody>{unused_head}{rest.into_iter().map(row).collect_view()}</tbody>
        }
    };
    view! {
        <section class="kura-card kura-accountant__mapping" aria-labelledby="accountant-mapping">
            <h2 id="accountant-mapping">{move || t().acc_mapping_heading}</h2>
            <p class="kura-muted">{move || t().acc_mapping_intro}</p>
            <div class="kura-table-wrap">
                <table class="kura-table" data-testid="accountant-mapping">
                    <thead>
                        <tr>
                            <th scope="col">{move || t().acc_kura_account}</th>
                            <th scope="col">{move || t().acc_their_name}</th>
                        </tr>
                    </thead>
                    {body}
                </table>
            </div>
            <div class="kura-form__actions">
                <button
                    type="button"
                    class="kura-button"
                    data-testid="accountant-save-mapping"
                    on:click=save
                >
                    {move || t().acc_save_mapping}
                </button>
                <Show when=dirty>
                    <span class="kura-muted" data-testid="accountant-unsaved">{move || t().acc_unsaved}</span>
                </Show>
                {move || error.get().map(|e| view! { <p class="kura-error" role="alert">{e}</p> })}
            </div>
        </section>
    }
}
