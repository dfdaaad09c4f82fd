//! The chart as the reports see it: a slot per account, looked up by id in a fast
//! map, the tree of sub-accounts in display order, and the roll-up of figures
//! from sub-accounts into their parents.

use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::{Account, AccountType};

pub(crate) use crate::ids::IdMap;

/// One account's place in a report.
pub(crate) struct Slot<'a> {
    pub id: RecordId,
    /// `None` for an id that entries use but the chart no longer has (a merge of
    /// a deletion on one device with a posting on another): reported with an
    /// empty code as a balance-sheet asset, so every total still balances.
    pub account: Option<&'a Account>,
    pub parent: Option<usize>,
}

impl Slot<'_> {
    pub fn kind(&self) -> AccountType {
        self.account.map_or(AccountType::Asset, |a| a.kind)
    }
    pub fn code(&self) -> &str {
        self.account.map_or("", |a| a.code.as_str())
    }
}

/// The chart indexed for one report.
pub(crate) struct Chart<'a> {
    pub slots: Vec<Slot<'a>>,
    index: IdMap<usize>,
}

impl<'a> Chart<'a> {
    pub fn new(book: &'a Book) -> Chart<'a> {
        let accounts = book.accounts();
        let mut index = IdMap::default();
        index.reserve(accounts.len());
        let mut slots = Vec::with_capacity(accounts.len());
        for (i, account) in accounts.into_iter().enumerate() {
            index.insert(account.id, i);
            slots.push(Slot {
                id: account.id,
                account: Some(account),
                parent: None,
            });
        }
        for i in 0..slots.len() {
            let parent = slots[i].account.and_then(|a| a.parent);
            let kind = slots[i].kind();
            slots[i].parent = parent
                .and_then(|p| index.get(&p).copied())
                .filter(|&p| p != i && slots[p].kind() == kind);
        }
        // Break any cycle of parents (a corrupt chart): walk up from each slot and
        // cut the link that closes a loop.
        for i in 0..slots.len() {
            let mut seen = 0;
            let mut at = i;
            while let Some(p) = slots[at].parent {
                seen += 1;
                if seen > slots.len() {
                    slots[at].parent = None;
                    break;
                }
                at = p;
            }
        }
        Chart { slots, index }
    }

    /// The slot of an account id, adding one for an id the chart lacks.
    #[inline]
    pub fn slot(&mut self, id: RecordId) -> usize {
        if let Some(&i) = self.index.get(&id) {
            return i;
        }
        let i = self.slots.len();
        self.slots.push(Slot {
            id,
            account: None,
            parent: None,
        });
        self.index.insert(id, i);
        i
    }

    /// The slots in display order with their depth: each top-level account by
    /// code, followed by its sub-accounts (by code), recursively.
    pub fn tree_order(&self) -> Vec<(usize, u8)> {
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.slots.len()];
        let mut roots = Vec::new();
        for (i, slot) in self.slots.iter().enumerate() {
            match slot.parent {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        let by_code = |a: &usize, b: &usize| {
            let (a, b) = (&self.slots[*a], &self.slots[*b]);
            a.code().cmp(b.code()).then(a.id.cmp(&b.id))
        };
        roots.sort_by(by_code);
        for list in &mut children {
            list.sort_by(by_code);
        }
        let mut order = Vec::with_capacity(self.slots.len());
        let mut stack: Vec<(usize, u8)> = roots.iter().rev().map(|&r| (r, 0)).collect();
        while let Some((i, depth)) = stack.pop() {
            order.push((i, depth));
            for &c in children[i].iter().rev() {
                stack.push((c, depth.saturating_add(1)));
            }
        }
        order
    }

    /// Adds each slot's figures into its parent's, deepest first, so every slot
    /// ends up holding itself plus all its sub-accounts. `order` is
    /// [`Chart::tree_order`].
    pub fn roll_up<T: Copy>(
        &self,
        order: &[(usize, u8)],
        values: &mut [T],
        add: impl Fn(&mut T, &T),
    ) {
        for &(i, _) in order.iter().rev() {
            if let Some(p) = self.slots[i].parent {
                let child = values[i];
                add(&mut values[p], &child);
            }
        }
    }

    /// Which slots a report lists: those whose own figures pass `has_figures`, and
    /// every parent of one (so a sub-account never appears without its parent).
    pub fn shown<T>(
        &self,
        order: &[(usize, u8)],
        values: &[T],
        has_figures: impl Fn(&T) -> bool,
    ) -> Vec<bool> {
        let mut shown: Vec<bool> = (0..self.slots.len())
            .map(|i| values.get(i).is_some_and(&has_figures))
            .collect();
        self.roll_up(order, &mut shown, |a, b| *a |= *b);
        shown
    }

    /// The slot and its sub-accounts, recursively (as a membership mask).
    pub fn subtree(&self, root: usize) -> Vec<bool> {
        let mut mask = vec![false; self.slots.len()];
        for (i, _) in self.slots.iter().enumerate() {
            let mut at = Some(i);
            while let Some(s) = at {
                if s == root {
                    mask[i] = true;
                    break;
                }
                at = self.slots[s].parent;
            }
        }
        mask
    }

    /// The ids of the slot and its sub-accounts, recursively: the accounts a
    /// ledger of `root` lists.
    pub fn subtree_ids(&self, root: usize) -> Vec<RecordId> {
        self.slots
            .iter()
            .zip(self.subtree(root))
            .filter(|(_, member)| *member)
            .map(|(s, _)| s.id)
            .collect()
    }
}
