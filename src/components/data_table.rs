//! A table for lists that grow to tens of thousands of rows (entries, invoices).
//!
//! Only one page of [`PAGE_SIZE`] rows is ever in the DOM, so 10,000 rows render
//! as fast as 100. Sorting permutes a vector of row indices, never the rows
//! themselves. Rows use a roving tabindex: Tab enters the table on one row,
//! ArrowUp/ArrowDown/Home/End move between rows, Enter (or a click) activates.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, MouseEvent};

use crate::i18n::use_i18n;

/// Rows shown per page.
pub const PAGE_SIZE: usize = 100;

type Cell<T> = Arc<dyn Fn(&T) -> AnyView + Send + Sync>;
type Compare<T> = Arc<dyn Fn(&T, &T) -> Ordering + Send + Sync>;

/// Elements inside a row that handle clicks themselves (a click there does not
/// activate the row).
const INTERACTIVE: &str = "a, button, input, select, textarea, label, summary";

/// One column of a [`DataTable`]: its header, how a row's cell is drawn, and
/// optionally how rows compare when the user sorts by it.
pub struct Column<T> {
    header: Signal<String>,
    cell: Cell<T>,
    compare: Option<Compare<T>>,
    numeric: bool,
}

impl<T: 'static> Column<T> {
    /// A left-aligned column. `header` is a text, a signal or a closure
    /// (`move || i18n.t().book_name_column.to_string()`); `cell` draws any view.
    pub fn text<M, V: IntoView + 'static>(
        header: impl IntoReactiveValue<Signal<String>, M>,
        cell: impl Fn(&T) -> V + Send + Sync + 'static,
    ) -> Self {
        Column {
            header: header.into_reactive_value(),
            cell: Arc::new(move |row| cell(row).into_any()),
            compare: None,
            numeric: false,
        }
    }

    /// A right-aligned column with tabular figures, for amounts and counts.
    pub fn numeric<M, V: IntoView + 'static>(
        header: impl IntoReactiveValue<Signal<String>, M>,
        cell: impl Fn(&T) -> V + Send + Sync + 'static,
    ) -> Self {
        Column {
            numeric: true,
            ..Self::text(header, cell)
        }
    }

    /// Lets the user sort by this column, comparing rows with `compare`.
    pub fn sortable_by(
        mut self,
        compare: impl Fn(&T, &T) -> Ordering + Send + Sync + 'static,
    ) -> Self {
        self.compare = Some(Arc::new(compare));
        self
    }

    /// Lets the user sort by this column, comparing rows by `key`.
    pub fn sortable_by_key<K: Ord>(self, key: impl Fn(&T) -> K + Send + Sync + 'static) -> Self {
        self.sortable_by(move |a, b| key(a).cmp(&key(b)))
    }

    fn class(&self, base: &str) -> String {
        if self.numeric {
            format!("{base} {base}--numeric")
        } else {
            base.to_string()
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Sort {
    column: usize,
    descending: bool,
}

impl Sort {
    fn aria(self) -> &'static str {
        if self.descending {
            "descending"
        } else {
            "ascending"
        }
    }
}

/// A sortable, paginated, keyboard-navigable table of `rows`.
///
/// `row_key` identifies a row across re-renders (it keeps the keyboard position);
/// `label` names the table for screen readers; `on_activate` runs on Enter or a
/// click on a row; `row_test_id` is written as `data-testid` on every row.
#[component]
pub fn DataTable<T>(
    #[prop(into)] rows: Signal<Vec<T>>,
    columns: Vec<Column<T>>,
    row_key: fn(&T) -> String,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] on_activate: Option<Callback<T>>,
    #[prop(optional)] row_test_id: Option<&'static str>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let table = Table::new(rows, columns, row_key, on_activate, row_test_id);
    let (total, page, current) = (table.total, table.page, table.current);
    let headers = (0..table.columns.len())
        .map(|index| table.header(index))
        .collect_view();
    let body = {
        let table = table.clone();
        move || table.body()
    };
    view! {
        <div class="kura-table-wrap">
            <table
                class="kura-table"
                aria-label=move || label.get()
                aria-rowcount=move || total.get() + 1
            >
                <thead>
                    <tr aria-rowindex="1">{headers}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        {pager(total, page, current)}
    }
}

/// The table's state, shared by its header, body and pager.
struct Table<T: Send + Sync + 'static> {
    rows: Signal<Vec<T>>,
    columns: Arc<[Column<T>]>,
    row_key: fn(&T) -> String,
    on_activate: Option<Callback<T>>,
    row_test_id: Option<&'static str>,
    sort: RwSignal<Option<Sort>>,
    /// Indices into `rows`, in display order.
    order: Memo<Vec<usize>>,
    total: Memo<usize>,
    /// The page the user asked for; `current` clamps it when rows disappear.
    page: RwSignal<usize>,
    current: Memo<usize>,
    /// The key of the row that holds the roving tabindex.
    active: RwSignal<Option<String>>,
}

impl<T: Send + Sync + 'static> Clone for Table<T> {
    fn clone(&self) -> Self {
        Table {
            columns: Arc::clone(&self.columns),
            ..*self
        }
    }
}

impl<T: Clone + Send + Sync + 'static> Table<T> {
    fn new(
        rows: Signal<Vec<T>>,
        columns: Vec<Column<T>>,
        row_key: fn(&T) -> String,
        on_activate: Option<Callback<T>>,
        row_test_id: Option<&'static str>,
    ) -> Self {
        let columns: Arc<[Column<T>]> = columns.into();
        let sort = RwSignal::new(None::<Sort>);
        let order = {
            let columns = Arc::clone(&columns);
            Memo::new(move |_| {
                let sort = sort.get();
                let by = sort.and_then(|s| columns[s.column].compare.clone());
                rows.with(|rows| sorted_order(rows, by, sort.is_some_and(|s| s.descending)))
            })
        };
        let total = Memo::new(move |_| rows.with(Vec::len));
        let page = RwSignal::new(0);
        let current = Memo::new(move |_| page.get().min(page_count(total.get()) - 1));
        Table {
            rows,
            columns,
            row_key,
            on_activate,
            row_test_id,
            sort,
            order,
            total,
            page,
            current,
            active: RwSignal::new(None),
        }
    }

    fn page_range(&self) -> Range<usize> {
        let start = self.current.get() * PAGE_SIZE;
        start..(start + PAGE_SIZE).min(self.total.get())
    }

    fn header(&self, index: usize) -> impl IntoView {
        let column = &self.columns[index];
        let sort = self.sort;
        let sorted = move || sort.get().filter(|s| s.column == index);
        let header = column.header;
        let content = if column.compare.is_some() {
            let page = self.page;
            let toggle = move |_| {
                let descending = sorted().is_some_and(|s| !s.descending);
                sort.set(Some(Sort {
                    column: index,
                    descending,
                }));
                page.set(0);
            };
            let i18n = use_i18n();
            let state = move || {
                sorted().map(|s| {
                    let t = i18n.t();
                    let word = if s.descending {
                        t.sorted_descending
                    } else {
                        t.sorted_ascending
                    };
                    format!(" ({word})")
                })
            };
            view! {
                <button type="button" class="kura-table__sort" on:click=toggle>
                    {move || header.get()}
                    <span class="kura-visually-hidden">{state}</span>
                </button>
            }
            .into_any()
        } else {
            (move || header.get()).into_any()
        };
        view! {
            <th scope="col" class=column.class("kura-table__header") aria-sort=move || sorted().map(Sort::aria)>
                {content}
            </th>
        }
    }

    fn body(&self) -> AnyView {
        let range = self.page_range();
        if range.is_empty() {
            return self.empty_row().into_any();
        }
        let indices = self.order.with(|order| order[range.clone()].to_vec());
        self.rows.with(|rows| {
            let keys: Vec<String> = indices.iter().map(|&i| (self.row_key)(&rows[i])).collect();
            let active_pos = self.active_position(keys.clone());
            indices
                .iter()
                .zip(keys)
                .enumerate()
                .map(|(pos, (&index, key))| {
                    let roving = move || if active_pos.get() == pos { 0 } else { -1 };
                    self.row(&rows[index], index, key, range.start + pos + 2, roving)
                })
                .collect_view()
                .into_any()
        })
    }

    /// Where the roving tabindex sits on a page of `keys`: on the active row if
    /// it is on this page, else on the first.
    fn active_position(&self, keys: Vec<String>) -> Memo<usize> {
        let active = self.active;
        Memo::new(move |_| {
            active
                .with(|a| a.as_ref().and_then(|a| keys.iter().position(|k| k == a)))
                .unwrap_or(0)
        })
    }

    fn empty_row(&self) -> impl IntoView {
        let i18n = use_i18n();
        view! {
            <tr>
                <td class="kura-table__empty" colspan=self.columns.len()>
                    {move || i18n.t().table_empty}
                </td>
            </tr>
        }
    }

    fn row(
        &self,
        row: &T,
        index: usize,
        key: String,
        aria_index: usize,
        tabindex: impl Fn() -> i32 + Send + Sync + 'static,
    ) -> impl IntoView {
        let cells = self
            .columns
            .iter()
            .map(|column| {
                // The header again on each cell: a phone shows a row as a card of
                // labelled values (see the narrow-screen rules in main.css).
                let header = column.header;
                view! {
                    <td class=column.class("kura-table__cell") data-label=move || header.get()>
                        {(column.cell)(row)}
                    </td>
                }
            })
            .collect_view();
        let (rows, on_activate, active) = (self.rows, self.on_activate, self.active);
        let activate = move || {
            if let Some(callback) = on_activate {
                if let Some(row) = rows.with_untracked(|rows| rows.get(index).cloned()) {
                    callback.run(row);
                }
            }
        };
        let class = if on_activate.is_some() {
            "kura-table__row kura-table__row--activatable"
        } else {
            "kura-table__row"
        };
        view! {
            <tr
                class=class
                tabindex=tabindex
                aria-rowindex=aria_index
                data-testid=self.row_test_id
                on:focus=move |_| active.set(Some(key.clone()))
                on:keydown=move |ev: KeyboardEvent| {
                    if on_row_key(&ev) {
                        activate();
                    }
                }
                on:click=move |ev: MouseEvent| {
                    if !from_interactive(&ev) {
                        activate();
                    }
                }
            >
                {cells}
            </tr>
        }
    }
}

/// Handles a key pressed on a focused row: moves focus between rows, and returns
/// whether the row should be activated.
fn on_row_key(ev: &KeyboardEvent) -> bool {
    let Some(row) = ev.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
        return false;
    };
    if row.tag_name() != "TR" {
        return false; // a key in a button or input inside the row
    }
    let parent = row.parent_element();
    let target = match ev.key().as_str() {
        "Enter" => return true,
        "ArrowDown" => row.next_element_sibling(),
        "ArrowUp" => row.previous_element_sibling(),
        "Home" => parent.and_then(|p| p.first_element_child()),
        "End" => parent.and_then(|p| p.last_element_child()),
        _ => return false,
    };
    ev.prevent_default();
    if let Some(target) = target {
        let _ = target.unchecked_into::<HtmlElement>().focus();
    }
    false
}

fn from_interactive(ev: &MouseEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest(INTERACTIVE).ok().flatten())
        .is_some()
}

/// The row indices in display order: stable, so equal rows keep their order.
fn sorted_order<T>(rows: &[T], by: Option<Compare<T>>, descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    if let Some(compare) = by {
        order.sort_by(|&a, &b| {
            let ordering = compare(&rows[a], &rows[b]);
            if descending {
                ordering.reverse()
            } else {
                ordering
            }
        });
    }
    order
}

fn page_count(total: usize) -> usize {
    total.div_ceil(PAGE_SIZE).max(1)
}

/// The range text and, when there is more than one page, previous/next buttons.
fn pager(total: Memo<usize>, page: RwSignal<usize>, current: Memo<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let range = move || {
        let total = total.get();
        let from = current.get() * PAGE_SIZE;
        let to = (from + PAGE_SIZE).min(total);
        (i18n.t().table_range)(from + 1, to, total)
    };
    let last = move || page_count(total.get()) - 1;
    let has_rows = move || total.get() > 0;
    let several_pages = move || last() > 0;
    let on_first = move || current.get() == 0;
    let on_last = move || current.get() >= last();
    view! {
        <Show when=has_rows>
            <div class="kura-pager">
                <span class="kura-pager__range" aria-live="polite">{range}</span>
                <Show when=several_pages>
                    <button
                        type="button"
                        class="kura-button kura-pager__previous"
                        disabled=on_first
                        on:click=move |_| page.set(current.get().saturating_sub(1))
                    >
                        {move || i18n.t().table_previous}
                    </button>
                    <button
                        type="button"
                        class="kura-button kura-pager__next"
                        disabled=on_last
                        on:click=move |_| page.set((current.get() + 1).min(last()))
                    >
                        {move || i18n.t().table_next}
                    </button>
                </Show>
            </div>
        </Show>
    }
}
