//! Report pages whose tab and inputs live in the URL (`/receivables/open-items?as_of=…`,
//! `/stock/valuation?date=…`), so a view can be bookmarked and shared: the tab
//! read from the path, the row of tab links, and the URL replaced as inputs change.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::components::{DateInput, FormField};
use crate::i18n::{use_i18n, Messages};

/// The tabs of such a page.
pub trait UrlTab: Copy + PartialEq + Send + Sync + 'static {
    /// In display order; the first is shown for an unknown or missing slug.
    const ALL: &'static [Self];

    /// The tab's path segment.
    fn slug(self) -> &'static str;

    fn title(self, t: &Messages) -> &'static str;
}

/// The tab named by the route's `:tab` segment.
pub fn use_url_tab<T: UrlTab>() -> Memo<T> {
    let params = use_params_map();
    Memo::new(move |_| {
        let slug = params.with(|p| p.get("tab")).unwrap_or_default();
        T::ALL
            .iter()
            .copied()
            .find(|tab| tab.slug() == slug)
            .unwrap_or(T::ALL[0])
    })
}

/// A callback that shows `url` in place of the current one (no history entry
/// for every changed input).
pub fn use_replace_url() -> Callback<String> {
    let navigate = use_navigate();
    Callback::new(move |url: String| {
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        )
    })
}

/// The row of tab links: each to `href(tab)`, `current` marked, test ids
/// `<test_prefix><slug>`.
pub fn tab_links<T: UrlTab>(
    current: Memo<T>,
    href: impl Fn(T) -> String + Copy + Send + Sync + 'static,
    title: impl Fn(T) -> &'static str + Copy + Send + Sync + 'static,
    test_prefix: &'static str,
) -> impl IntoView {
    T::ALL
        .iter()
        .copied()
        .map(|tab| {
            view! {
                <a class="kura-report__tab" href=move || href(tab)
                    aria-current=move || (current.get() == tab).then_some("page")
                    data-testid=format!("{test_prefix}{}", tab.slug())>
                    {move || title(tab)}
                </a>
            }
        })
        .collect_view()
}

/// A date of a page's view `V` (read with `pick`, set with `put`), written to
/// the URL through `go` once it is a valid date and the view it makes is
/// `valid` (a period's start not after its end).
#[component]
pub fn UrlDateField<V>(
    id: &'static str,
    label: fn(&Messages) -> &'static str,
    state: Memo<V>,
    go: Callback<V>,
    pick: fn(&V) -> NaiveDate,
    put: fn(V, NaiveDate) -> V,
    valid: fn(&V) -> bool,
) -> impl IntoView
where
    V: Clone + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let value = RwSignal::new(Some(pick(&state.get_untracked())));
    let error = RwSignal::new(None::<String>);
    Effect::new(move || {
        let Some(day) = value.get() else { return };
        let current = state.get_untracked();
        if day != pick(&current) {
            let next = put(current, day);
            if valid(&next) {
                go.run(next);
            }
        }
    });
    view! {
        <FormField label=Signal::derive(move || label(i18n.t()).to_string()) id=id error=error>
            <DateInput id=id value error />
        </FormField>
    }
}
