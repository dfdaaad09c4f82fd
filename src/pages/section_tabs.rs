//! The row of tabs an area's screens share (inventory, files): one component, so
//! every area moves between its screens the same way.

use leptos::prelude::*;

use crate::app::use_open_book;
use crate::i18n::{use_i18n, Messages};

/// One area's screens, as tabs.
pub(super) trait SectionTab: Copy + PartialEq + Send + Sync + 'static {
    /// Every tab, in the order shown.
    const ALL: &'static [Self];
    /// The screen's path under `/books/<id>/`.
    fn path(self) -> &'static str;
    fn label(self, t: &Messages) -> &'static str;
    fn test_id(self) -> &'static str;
}

/// The tabs of `current`'s area, `current` marked; `name` labels the row for
/// screen readers.
#[component]
pub(super) fn SectionTabs<T: SectionTab>(
    current: T,
    name: fn(&Messages) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let tabs = T::ALL
        .iter()
        .map(|&tab| {
            view! {
                <a class="kura-report__tab" href=format!("/books/{}/{}", open.id, tab.path())
                    aria-current=(tab == current).then_some("page")
                    data-testid=tab.test_id()>
                    {move || tab.label(i18n.t())}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="kura-report__tabs" aria-label=move || name(i18n.t())>{tabs}</nav> }
}
