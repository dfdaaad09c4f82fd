//! `/books/<id>/e-bookkeeping`: how this book meets the 優良電子帳簿 and
//! 電子取引 requirements, requirement by requirement; the entries recorded
//! after the usual period (from `kura_core::reports::late_entries`); and the
//! 事務処理規程 filled with the book's names, to print and keep.

use chrono::NaiveDate;
use kura_core::locale::format_date;
use kura_core::reports::{late_entries, Period};
use leptos::prelude::*;

use crate::app::use_open_book;
use crate::components::{FilesTab, FilesTabs};
use crate::i18n::{e_bookkeeping_text, requirements, retention_rules, use_i18n};
use crate::routes::BookScreen;

#[component]
pub fn EBookkeepingPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let text = move || e_bookkeeping_text(i18n.locale());
    let requirement_rows = move || {
        let locale = i18n.locale();
        requirements(locale)
            .iter()
            .map(|r| {
                let status = if r.user_action {
                    text().open
                } else {
                    text().met
                };
                let link = r.path.map(|p| {
                    view! { " " <a href=p.path(open.id) data-testid="requirement-link">"→"</a> }
                });
                view! {
                    <tr data-testid="requirement-row" class:kura-ebook__todo=r.user_action>
                        <th scope="row">{r.name}</th>
                        <td>{r.how}{link}</td>
                        <td data-testid="requirement-status">{status}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let late = Memo::new(move |_| {
        open.book.with(|b| {
            let all = Period {
                from: NaiveDate::MIN,
                to: NaiveDate::MAX,
            };
            late_entries(b, all)
                .into_iter()
                .map(|l| {
                    let description = b
                        .entry(l.entry)
                        .map(|e| e.description().to_string())
                        .unwrap_or_default();
                    (l, description)
                })
                .collect::<Vec<_>>()
        })
    });
    let late_list = move || {
        let locale = i18n.locale();
        let rows = late.get();
        if rows.is_empty() {
            return view! { <p data-testid="late-none">{text().late_none}</p> }.into_any();
        }
        let rows = rows
            .into_iter()
            .map(|(l, description)| {
                view! {
                    <tr data-testid="late-entry">
                        <td>{format_date(l.date, locale)}</td>
                        <td>{format_date(l.recorded, locale)}</td>
                        <td><a href=BookScreen::Entry(l.entry).path(open.id)>{description}</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="kura-report__table" data-testid="late-entries">
                <thead>
                    <tr>
                        <th scope="col">{text().entry_date}</th>
                        <th scope="col">{text().recorded}</th>
                        <th scope="col">{text().entry}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let rules = move || {
        let (owner, name) = open.book.with(|b| {
            b.settings()
                .map(|s| (s.owner_name.clone(), s.name.clone()))
                .unwrap_or_default()
        });
        retention_rules(i18n.locale(), &owner, &name)
            .into_iter()
            .map(|(heading, body)| {
                view! {
                    <h3 class="kura-ebook__article">{heading}</h3>
                    <p>{body}</p>
                }
            })
            .collect_view()
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            window.print().ok();
        }
    };
    view! {
        <div class="kura-page kura-page--wide kura-ebook">
            <div class="kura-no-print">
                <FilesTabs current=FilesTab::EBookkeeping />
            </div>
            <div class="kura-page__head">
                <h1>{move || text().title}</h1>
                <button type="button" class="kura-button kura-no-print" data-testid="print" on:click=print>
                    {move || text().print}
                </button>
            </div>
            <p class="kura-muted">{move || text().intro}</p>
            <div class="kura-report__scroll">
                <table class="kura-report__table kura-ebook__requirements" data-testid="requirements">
                    <thead>
                        <tr>
                            <th scope="col">{move || text().requirement}</th>
                            <th scope="col">{move || text().how}</th>
                            <th scope="col">{move || text().to_do}</th>
                        </tr>
                    </thead>
                    <tbody>{requirement_rows}</tbody>
                </table>
            </div>
            <h2>{move || text().late_title}</h2>
            {late_list}
            <section class="kura-ebook__rules" data-testid="retention-rules">
                <h2>{move || text().rules_title}</h2>
                <p class="kura-muted kura-no-print">{move || text().rules_note}</p>
                {rules}
            </section>
        </div>
    }
}
