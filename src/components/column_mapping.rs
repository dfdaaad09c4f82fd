//! The header mapping step every CSV import shares (bank statements, the CSV
//! import of entries, partners and items): a select per field listing the
//! file's columns with their first cell, the "first row is a header" switch, and
//! the first rows of the file as they are in it.

use kura_core::files::table::Table;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// How many of the file's rows the preview shows.
const PREVIEW_ROWS: usize = 4;

/// One field the user maps to a column of the file.
#[derive(Clone, Copy)]
pub struct MappedField {
    /// Names the select: id and test id `<prefix>-map-<key>`.
    pub key: &'static str,
    pub label: Signal<String>,
    /// The column (0-based) the field is mapped to.
    pub column: Signal<Option<usize>>,
    pub set: Callback<Option<usize>>,
}

/// The mapping step. `prefix` keeps each page's ids apart (`bank`, `csv`).
#[component]
pub fn ColumnMappingStep(
    prefix: &'static str,
    #[prop(into)] table: Signal<Option<Table>>,
    #[prop(into)] fields: Signal<Vec<MappedField>>,
    #[prop(into)] header_row: Signal<bool>,
    set_header_row: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let headers = move || {
        table.with(|table| {
            let rows = table.as_ref().map_or(&[][..], |t| t.rows.as_slice());
            let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
            let first = |c: usize| rows.first().and_then(|r| r.cells.get(c)).cloned();
            (0..width)
                .map(|c| (c, first(c).unwrap_or_default()))
                .collect::<Vec<_>>()
        })
    };
    let select = move |field: MappedField| {
        let id = format!("{prefix}-map-{}", field.key);
        let options = move || {
            headers()
                .into_iter()
                .map(|(c, sample)| {
                    let label = (t().files_column_option)(c + 1, &sample);
                    view! { <option value=c.to_string() selected=move || field.column.get() == Some(c)>{label}</option> }
                })
                .collect_view()
        };
        let on_change = move |ev| field.set.run(event_target_value(&ev).parse().ok());
        view! {
            <div class="kura-field">
                <label class="kura-field__label" for=id.clone()>{field.label}</label>
                <select id=id.clone() data-testid=id on:change=on_change>
                    <option value="" selected=move || field.column.get().is_none()>{move || t().files_not_mapped}</option>
                    {options}
                </select>
            </div>
        }
    };
    let on_header = move |ev| set_header_row.run(event_target_checked(&ev));
    view! {
        <label class="kura-check">
            <input type="checkbox" data-testid=format!("{prefix}-header-row")
                prop:checked=header_row on:change=on_header />
            {move || t().files_header_row}
        </label>
        <div class="kura-mapping__fields">
            {move || fields.get().into_iter().map(select).collect_view()}
        </div>
        <h3>{move || t().files_preview_heading}</h3>
        <Preview prefix table />
    }
}

/// The first rows of the file, numbered by their line in it.
#[component]
fn Preview(prefix: &'static str, table: Signal<Option<Table>>) -> impl IntoView {
    let rows = move || {
        table.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.rows
                        .iter()
                        .take(PREVIEW_ROWS)
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <div class="kura-table-wrap">
            <table class="kura-table kura-mapping__preview" data-testid=format!("{prefix}-preview")>
                <tbody>
                    {move || rows().into_iter().map(|row| view! {
                        <tr>
                            <th scope="row" class="kura-num">{row.line}</th>
                            {row.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
