//! Short messages after an action ("Saved", "Book deleted") and errors that must
//! not go unnoticed. Successes fade after a few seconds; errors stay until the
//! user dismisses them, since a missed error means lost work.

use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// How long a success message stays on screen.
const SUCCESS_DURATION: Duration = Duration::from_secs(4);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Success,
    Error,
}

#[derive(Clone)]
struct Toast {
    id: u64,
    kind: Kind,
    message: String,
}

/// The app's toast queue; `Copy`, so it moves freely into event handlers.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

/// Creates the toast queue and provides it to the app; call once at the root.
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        list: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(0),
    };
    provide_context(toasts);
    toasts
}

/// The toast queue provided by [`provide_toasts`].
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

impl Toasts {
    /// Shows a confirmation that disappears after a few seconds.
    pub fn success(&self, message: impl Into<String>) {
        let id = self.push(Kind::Success, message.into());
        let toasts = *self;
        set_timeout(move || toasts.dismiss(id), SUCCESS_DURATION);
    }

    /// Shows an error that stays until the user closes it.
    pub fn error(&self, message: impl Into<String>) {
        self.push(Kind::Error, message.into());
    }

    fn push(&self, kind: Kind, message: String) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list
            .update(|list| list.push(Toast { id, kind, message }));
        id
    }

    /// Removes a toast (a no-op if the app was torn down meanwhile).
    fn dismiss(&self, id: u64) {
        self.list.try_update(|list| list.retain(|t| t.id != id));
    }
}

/// Where toasts appear: a polite live region, errors as alerts. Place once in
/// the app shell.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="kura-toasts" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|toast| toast.id let:toast>
                {toast_view(toasts, toast)}
            </For>
        </div>
    }
}

fn toast_view(toasts: Toasts, toast: Toast) -> impl IntoView {
    let i18n = use_i18n();
    let (class, role) = match toast.kind {
        Kind::Success => ("kura-toast kura-toast--success", None),
        Kind::Error => ("kura-toast kura-toast--error", Some("alert")),
    };
    let id = toast.id;
    view! {
        <div class=class role=role>
            <p class="kura-toast__message">{toast.message}</p>
            <button
                type="button"
                class="kura-toast__close"
                aria-label=move || i18n.t().close
                on:click=move |_| toasts.dismiss(id)
            >
                "×"
            </button>
        </div>
    }
}
