//! `/books/<id>/csv`: CSV import (with header mapping) and export of journal
//! entries, partners and items, in Kura's own layouts (`kura_core::files::
//! interchange`).
//!
//! Import runs in three steps: the file is read and its columns guessed; the
//! user checks the mapping (a select per field, the first rows as a preview) and
//! presses "Check", which validates the whole file against the book and shows
//! every problem or what would be added; "Import" validates again against the
//! book as it is then and writes everything as one change set, and says
//! "saved" only after the commit.

use kura_core::book::Book;
use kura_core::files::interchange::{
    export_items, export_journal, export_partners, import_items, import_journal, import_partners,
    Import, Summary, ITEM_FIELDS, JOURNAL_FIELDS, PARTNER_FIELDS,
};
use kura_core::files::table::{guess_mapping, read_table, ColumnMapping, Field, Table};
use kura_core::files::text::{decode_text, TextEncoding, MAX_TEXT_BYTES};
use kura_core::files::{capped, Problem, Problems};
use kura_core::ids::RecordId;
use kura_core::locale::{format_money, Locale};
use kura_core::reports::Period;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::{
    use_toasts, ColumnMappingStep, DateInput, FilesTab, FilesTabs, MappedField,
};
use crate::i18n::{problem_text, store_error, use_i18n, I18n, Messages};
use crate::platform;
use crate::platform::today;

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Journal,
    Partners,
    Items,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Journal, Kind::Partners, Kind::Items];

    fn slug(self) -> &'static str {
        match self {
            Kind::Journal => "journal",
            Kind::Partners => "partners",
            Kind::Items => "items",
        }
    }

    fn label(self, t: &Messages) -> &'static str {
        match self {
            Kind::Journal => t.csv_kind_journal,
            Kind::Partners => t.csv_kind_partners,
            Kind::Items => t.csv_kind_items,
        }
    }

    /// The layout's fields: their names (for problems) and header names (the
    /// Japanese first, the English second: what the screen calls them).
    fn fields(self) -> Vec<(&'static str, &'static [&'static str])> {
        fn of<F: Field>(fields: &[F]) -> Vec<(&'static str, &'static [&'static str])> {
            fields
                .iter()
                .map(|f| (f.name(), f.header_names()))
                .collect()
        }
        match self {
            Kind::Journal => of(&JOURNAL_FIELDS),
            Kind::Partners => of(&PARTNER_FIELDS),
            Kind::Items => of(&ITEM_FIELDS),
        }
    }

    /// The columns guessed from the file's header, one per field in layout order.
    fn guess(self, table: &Table) -> Mapping {
        fn of<F: Field>(table: &Table, fields: &[F]) -> Mapping {
            let guessed = guess_mapping(table, fields);
            Mapping {
                columns: fields.iter().map(|f| guessed.column(*f)).collect(),
                header_rows: guessed.header_rows,
            }
        }
        match self {
            Kind::Journal => of(table, &JOURNAL_FIELDS),
            Kind::Partners => of(table, &PARTNER_FIELDS),
            Kind::Items => of(table, &ITEM_FIELDS),
        }
    }

    /// The whole file checked against the book: what it would add, or every problem.
    fn import(
        self,
        book: &Book,
        table: &Table,
        mapping: &Mapping,
        ids: &mut dyn FnMut() -> RecordId,
    ) -> Result<Import, Problems> {
        match self {
            Kind::Journal => import_journal(book, table, &mapping.of(&JOURNAL_FIELDS), ids),
            Kind::Partners => import_partners(book, table, &mapping.of(&PARTNER_FIELDS), ids),
            Kind::Items => import_items(book, table, &mapping.of(&ITEM_FIELDS), ids),
        }
    }

    fn export(
        self,
        book: &Book,
        period: Period,
        locale: Locale,
        encoding: TextEncoding,
    ) -> Result<Vec<u8>, Problem> {
        match self {
            Kind::Journal => export_journal(book, period, locale, encoding),
            Kind::Partners => export_partners(book, locale, encoding),
            Kind::Items => export_items(book, locale, encoding),
        }
    }
}

/// A mapping the screen can hold whatever the kind: a column per field, in
/// the layout's order.
#[derive(Clone, Debug, Default, PartialEq)]
struct Mapping {
    columns: Vec<Option<usize>>,
    header_rows: usize,
}

impl Mapping {
    fn of<F: Field>(&self, fields: &[F]) -> ColumnMapping<F> {
        ColumnMapping {
            columns: fields
                .iter()
                .zip(&self.columns)
                .filter_map(|(f, c)| c.map(|c| (*f, c)))
                .collect(),
            header_rows: self.header_rows,
        }
    }
}

/// A field's name on screen: its header name in the user's language.
fn field_label(kind: Kind, locale: Locale) -> impl Fn(&str) -> String {
    let index = usize::from(locale == Locale::En);
    move |name: &str| {
        kind.fields()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map_or_else(
                || name.to_string(),
                |(_, headers)| headers[index].to_string(),
            )
    }
}

/// `<book>-journal.csv`; characters a file name cannot hold become `_`.
fn file_name(book: &Book, kind: Kind) -> String {
    let name = book.settings().map_or("kura", |s| s.name.as_str());
    platform::safe_file_name(&format!("{name}-{}.csv", kind.slug()))
}

#[component]
pub fn CsvFilesPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <div class="kura-page kura-csv" data-testid="csv-page">
            <FilesTabs current=FilesTab::Csv />
            <h1>{move || t().csv_title}</h1>
            <p class="kura-muted">{move || t().csv_intro}</p>
            <ExportCard />
            <ImportCard />
        </div>
    }
}

/// A choice of kind, as radio buttons named `name`.
#[component]
fn KindChoice(kind: RwSignal<Kind>, name: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <fieldset class="kura-csv__choice">
            <legend>{move || t().csv_kind}</legend>
            {Kind::ALL
                .into_iter()
                .map(|k| {
                    view! {
                        <label class="kura-check">
                            <input
                                type="radio"
                                name=name
                                data-testid=format!("{name}-{}", k.slug())
                                checked=move || kind.get() == k
                                on:change=move |_| kind.set(k)
                            />
                            {move || k.label(t())}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// Problems as a list, each with its line and column.
#[component]
fn ProblemList(problems: Signal<Problems>, kind: Signal<Kind>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let items = move || {
        let locale = i18n.locale.get();
        let label = field_label(kind.get(), locale);
        problems.with(|ps| {
            ps.iter()
                .map(|p| view! { <li>{problem_text(p, locale, &label)}</li> })
                .collect_view()
        })
    };
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div class="kura-csv__problems" role="alert" data-testid="csv-problems">
                <p>{move || t().csv_problems_heading}</p>
                <ul>{items}</ul>
            </div>
        </Show>
    }
}

/// Export: the kind, the period (journal only), the encoding, and the download.
#[component]
fn ExportCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let year = open
        .book
        .with_untracked(|b| Period::book_fiscal_year(b, today()));
    let kind = RwSignal::new(Kind::Journal);
    let from = RwSignal::new(Some(year.from));
    let to = RwSignal::new(Some(year.to));
    let (from_error, to_error) = (RwSignal::new(None), RwSignal::new(None));
    let shift_jis = RwSignal::new(false);
    let problems = RwSignal::new(Problems::new());
    let period = move || match (from.get(), to.get()) {
        (Some(from), Some(to)) if from <= to => Some(Period { from, to }),
        _ => None,
    };
    let download = move |_| {
        let (Some(p), k) = (period(), kind.get_untracked()) else {
            return;
        };
        let (encoding, mime) = if shift_jis.get_untracked() {
            (TextEncoding::ShiftJis, "text/csv;charset=shift_jis")
        } else {
            (TextEncoding::Utf8Bom, "text/csv;charset=utf-8")
        };
        let made = open.book.with_untracked(|b| {
            k.export(b, p, i18n.locale(), encoding)
                .map(|bytes| (file_name(b, k), bytes))
        });
        match made {
            Ok((name, bytes)) => {
                problems.set(Problems::new());
                platform::download_bytes(&name, &bytes, mime);
            }
            Err(problem) => problems.set(vec![problem]),
        }
    };
    view! {
        <section class="kura-card kura-csv__card" aria-labelledby="csv-export">
            <h2 id="csv-export">{move || t().csv_export_heading}</h2>
            <KindChoice kind=kind name="csv-export-kind" />
            <Show when=move || kind.get() == Kind::Journal>
                <div class="kura-csv__period">
                    <label class="kura-field" for="csv-from">
                        <span class="kura-field__label">{move || t().csv_from}</span>
                        <DateInput id="csv-from" value=from error=from_error />
                    </label>
                    <label class="kura-field" for="csv-to">
                        <span class="kura-field__label">{move || t().csv_to}</span>
                        <DateInput id="csv-to" value=to error=to_error />
                    </label>
                </div>
            </Show>
            <label class="kura-check">
                <input
                    type="checkbox"
                    data-testid="csv-shift-jis"
                    prop:checked=move || shift_jis.get()
                    on:change=move |ev| shift_jis.set(event_target_checked(&ev))
                />
                {move || t().csv_shift_jis}
            </label>
            <div class="kura-form__actions">
                <button
                    type="button"
                    class="kura-button kura-button--primary"
                    data-testid="csv-download"
                    disabled=move || period().is_none()
                    on:click=download
                >
                    {move || t().csv_download}
                </button>
            </div>
            <ProblemList problems=problems.into() kind=kind.into() />
        </section>
    }
}

/// Where an import stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// No file yet, or the last one was imported.
    Idle,
    /// Reading or checking a file, or writing it.
    Busy,
    /// The file's problems (nothing was written).
    Problems(Problems),
    /// Checked: what the import would add.
    Checked(Summary),
    /// Written: how many records were saved.
    Saved(usize),
}

/// The import's state, shared by its parts.
#[derive(Clone, Copy)]
struct ImportState {
    kind: RwSignal<Kind>,
    table: RwSignal<Option<Table>>,
    mapping: RwSignal<Mapping>,
    step: RwSignal<Step>,
}

impl ImportState {
    /// A new file or a new kind: the mapping guessed again, nothing checked.
    fn reset(&self) {
        let guessed = self
            .table
            .with_untracked(|t| t.as_ref().map(|t| self.kind.get_untracked().guess(t)));
        self.mapping.set(guessed.unwrap_or_default());
        self.step.set(Step::Idle);
    }

    fn problems(&self) -> Problems {
        match self.step.get() {
            Step::Problems(p) => p,
            _ => Problems::new(),
        }
    }
}

/// A chosen file to rows. The size is checked before the bytes are read, so
/// 50 MB of anything is refused at once.
async fn load(state: ImportState, file: web_sys::File) {
    state.table.set(None);
    state.step.set(Step::Busy);
    platform::next_tick().await;
    let table = platform::file_bytes_within(&file, MAX_TEXT_BYTES)
        .await
        .and_then(|bytes| decode_text(&bytes))
        .and_then(|text| read_table(&text.text));
    match table {
        Ok(table) => {
            state.table.set(Some(table));
            state.reset();
        }
        Err(problem) => state.step.set(Step::Problems(vec![problem])),
    }
}

/// Checks the file against the book (after letting the busy state paint).
async fn check(open: OpenBook, state: ImportState) {
    state.step.set(Step::Busy);
    platform::next_tick().await;
    let mapping = state.mapping.get_untracked();
    let result = state.table.with_untracked(|table| {
        let table = table.as_ref()?;
        let kind = state.kind.get_untracked();
        Some(
            open.book
                .with_untracked(|b| kind.import(b, table, &mapping, &mut platform::new_id)),
        )
    });
    state.step.set(match result {
        Some(Ok(import)) => Step::Checked(import.summary),
        Some(Err(problems)) => Step::Problems(capped(problems)),
        None => Step::Idle,
    });
}

/// Writes the file as one change set, checked again against the book as it is now.
async fn write(open: OpenBook, state: ImportState, i18n: I18n, toasts: crate::components::Toasts) {
    let Some(table) = state.table.get_untracked() else {
        return;
    };
    let (kind, mapping) = (state.kind.get_untracked(), state.mapping.get_untracked());
    state.step.set(Step::Busy);
    platform::next_tick().await;
    let mut records = 0;
    let result = open
        .write(|b, ctx| {
            let import = kind.import(b, &table, &mapping, &mut platform::new_id)?;
            records = import.summary.records;
            Ok(import.change_set(ctx))
        })
        .await;
    match result {
        Ok(()) => {
            state.table.set(None);
            state.step.set(Step::Saved(records));
            toasts.success((i18n.t().csv_saved)(records));
        }
        Err(WriteError::Invalid(problems)) => state.step.set(Step::Problems(capped(problems))),
        Err(WriteError::Store(e)) => {
            state.step.set(Step::Idle);
            toasts.error(store_error(&e, i18n.locale()));
        }
    }
}

/// The import: kind, file, mapping, check, import.
#[component]
fn ImportCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let toasts = use_toasts();
    let state = ImportState {
        kind: RwSignal::new(Kind::Journal),
        table: RwSignal::new(None),
        mapping: RwSignal::new(Mapping::default()),
        step: RwSignal::new(Step::Idle),
    };
    Effect::new(move |previous: Option<Kind>| {
        let kind = state.kind.get();
        if previous.is_some_and(|p| p != kind) {
            state.reset();
        }
        kind
    });
    let on_file = move |ev: leptos::ev::Event| {
        let target: HtmlInputElement = event_target(&ev);
        let Some(file) = target.files().and_then(|list| list.get(0)) else {
            return;
        };
        target.set_value("");
        spawn_local(load(state, file));
    };
    let busy = move || state.step.get() == Step::Busy;
    let summary = move || match state.step.get() {
        Step::Checked(s) => Some(summary_text(state.kind.get(), s, open, i18n)),
        _ => None,
    };
    let saved = move || match state.step.get() {
        Step::Saved(n) => Some((t().csv_saved)(n)),
        _ => None,
    };
    view! {
        <section class="kura-card kura-csv__card" aria-labelledby="csv-import">
            <h2 id="csv-import">{move || t().csv_import_heading}</h2>
            <p class="kura-muted">{move || t().csv_import_intro}</p>
            <KindChoice kind=state.kind name="csv-import-kind" />
            <div class="kura-field">
                <label class="kura-field__label" for="csv-file">{move || t().csv_file}</label>
                <input id="csv-file" type="file" accept=".csv,.txt,text/csv" data-testid="csv-file"
                    disabled=busy on:change=on_file />
            </div>
            <Show when=move || state.table.with(Option::is_some)>
                <MappingStep state />
                <div class="kura-form__actions">
                    <button type="button" class="kura-button" data-testid="csv-check" disabled=busy
                        on:click=move |_| spawn_local(check(open, state))>
                        {move || t().csv_check}
                    </button>
                    <button type="button" class="kura-button kura-button--primary" data-testid="csv-import"
                        disabled=move || !matches!(state.step.get(), Step::Checked(_))
                        on:click=move |_| spawn_local(write(open, state, i18n, toasts))>
                        {move || t().csv_import}
                    </button>
                </div>
            </Show>
            <Show when=busy>
                <p class="kura-csv__busy" data-testid="csv-busy">
                    <progress aria-label=move || t().csv_working></progress>
                    <span>{move || t().csv_working}</span>
                </p>
            </Show>
            {move || summary().map(|s| view! { <p class="kura-csv__summary" data-testid="csv-summary">{s}</p> })}
            {move || saved().map(|s| view! { <p class="kura-csv__saved" role="status" data-testid="csv-saved">{s}</p> })}
            <ProblemList problems=Signal::derive(move || state.problems()) kind=state.kind.into() />
        </section>
    }
}

/// "12 entries, 34 lines, total ¥123,456" (or the count of partners or items).
fn summary_text(kind: Kind, summary: Summary, open: OpenBook, i18n: I18n) -> String {
    let t = i18n.t();
    match kind {
        Kind::Journal => {
            let currency = open.book.with_untracked(|b| b.currency());
            let total = format_money(summary.total, currency, i18n.locale());
            (t.csv_summary_journal)(summary.records, summary.lines, &total)
        }
        Kind::Partners => (t.csv_summary_partners)(summary.records),
        Kind::Items => (t.csv_summary_items)(summary.records),
    }
}

/// Which column holds which field, the header-row switch and the file's first
/// rows. Any change sends the import back to be checked again.
#[component]
fn MappingStep(state: ImportState) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let field =
        move |(index, (name, headers)): (usize, (&'static str, &'static [&'static str]))| {
            MappedField {
                key: name,
                label: Signal::derive(move || {
                    headers[usize::from(i18n.locale.get() == Locale::En)].to_string()
                }),
                column: Signal::derive(move || {
                    state
                        .mapping
                        .with(|m| m.columns.get(index).copied().flatten())
                }),
                set: Callback::new(move |column| {
                    state.mapping.update(|m| {
                        if let Some(slot) = m.columns.get_mut(index) {
                            *slot = column;
                        }
                    });
                    state.step.set(Step::Idle);
                }),
            }
        };
    let fields = Signal::derive(move || {
        state
            .kind
            .get()
            .fields()
            .into_iter()
            .enumerate()
            .map(field)
            .collect::<Vec<_>>()
    });
    let header_row = Signal::derive(move || state.mapping.with(|m| m.header_rows > 0));
    let set_header_row = Callback::new(move |on: bool| {
        state.mapping.update(|m| m.header_rows = usize::from(on));
        state.step.set(Step::Idle);
    });
    view! {
        <div class="kura-csv__mapping" data-testid="csv-mapping">
            <h3>{move || t().csv_mapping_heading}</h3>
            <p class="kura-muted">{move || t().csv_mapping_intro}</p>
            <ColumnMappingStep prefix="csv" table=state.table fields header_row set_header_row />
        </div>
    }
}
