//! The tabs shared by the screens where files come in and go out: backup (Settings
//! → Data), device sync, bank statements, CSV import and export, the
//! accountant's formats, and how the files are kept (電子帳簿保存).

use leptos::prelude::*;

use super::section_tabs::{SectionTab, SectionTabs};
use crate::i18n::Messages;

/// Which files screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FilesTab {
    Backup,
    Sync,
    Bank,
    Csv,
    Accountant,
    EBookkeeping,
}

impl SectionTab for FilesTab {
    const ALL: &'static [FilesTab] = &[
        FilesTab::Backup,
        FilesTab::Sync,
        FilesTab::Bank,
        FilesTab::Csv,
        FilesTab::Accountant,
        FilesTab::EBookkeeping,
    ];

    fn path(self) -> &'static str {
        match self {
            FilesTab::Backup => "data",
            FilesTab::Sync => "sync",
            FilesTab::Bank => "bank",
            FilesTab::Csv => "csv",
            FilesTab::Accountant => "accountant",
            FilesTab::EBookkeeping => "e-bookkeeping",
        }
    }

    fn label(self, t: &Messages) -> &'static str {
        match self {
            FilesTab::Backup => t.files_tab_backup,
            FilesTab::Sync => t.files_tab_sync,
            FilesTab::Bank => t.files_tab_bank,
            FilesTab::Csv => t.files_tab_csv,
            FilesTab::Accountant => t.files_tab_accountant,
            FilesTab::EBookkeeping => t.files_tab_e_bookkeeping,
        }
    }

    fn test_id(self) -> &'static str {
        match self {
            FilesTab::Backup => "files-tab-backup",
            FilesTab::Sync => "files-tab-sync",
            FilesTab::Bank => "files-tab-bank",
            FilesTab::Csv => "files-tab-csv",
            FilesTab::Accountant => "files-tab-accountant",
            FilesTab::EBookkeeping => "files-tab-e-bookkeeping",
        }
    }
}

/// The row of files tabs, `current` marked.
#[component]
pub(super) fn FilesTabs(current: FilesTab) -> impl IntoView {
    view! { <SectionTabs current=current name=|t: &Messages| t.nav_data /> }
}
