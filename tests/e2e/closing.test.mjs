// The year end as a sole proprietor meets it: rent of 100,000 paid from the bank
// and a sale, a 30% private-use rule on rent (a share of 120% or in words is
// refused inline and saves nothing), the split posted (30,000 moved to 事業主貸,
// and not twice), the year closed with next year's 元入金 as computed by hand,
// posting into the closed year refused, and the screen in English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, sel, switchLanguage, waitForText, useApp,
} from './harness.mjs';

const env = useApp();

const c = {
  navClosing: '[data-testid=nav-closing]',
  navJournal: '[data-testid=nav-journal]',
  year: '#closing-year',
  addRule: '[data-testid=add-rule]',
  saveRule: '[data-testid=save-rule]',
  ruleRow: 'tr[data-testid=rule-row]',
  splitRow: 'tr[data-testid=split-row]',
  splitStatus: '[data-testid=split-status]',
  postSplit: '[data-testid=post-split]',
  closeYear: '[data-testid=close-year]',
  confirmClose: '[data-testid=confirm-close]',
  closeStatus: '[data-testid=close-status]',
  openingRow: 'tr[data-testid=opening-row]',
  entryRow: 'tr[data-testid=entry-row]',
  entryError: '[data-testid=entry-error]',
};

/** Posts a two-line entry on the journal's form; accounts by their Japanese names. */
async function postEntry(page, { date, description, debit, credit, amount }) {
  await page.locator(c.navJournal).click();
  await page.locator('[data-testid=new-entry]').click();
  await page.locator('[data-testid=line-account-1]').waitFor();
  await page.locator('#entry-date').fill(date);
  await page.locator('#entry-description').fill(description);
  for (const [n, account, side] of [[1, debit, 'debit'], [2, credit, 'credit']]) {
    await page.locator(`[data-testid=line-account-${n}]`).fill(account);
    await page.locator(`[data-testid=line-account-${n}]`).press('Tab');
    await page.locator(`[data-testid=line-${side}-${n}]`).fill(amount);
  }
  await page.locator('[data-testid=post-entry]').click();
}

/** Adds a private-use rule in the dialog; returns the dialog for further checks. */
async function fillRule(page, { account, share, basis }) {
  await page.locator(c.addRule).click();
  const dialog = page.locator(sel.dialog);
  const value = await dialog.locator('#rule-account option').evaluateAll(
    (os, name) => os.find((o) => o.textContent.includes(name))?.value,
    account,
  );
  assert.ok(value, `${account} is offered`);
  await dialog.locator('#rule-account').selectOption(value);
  await dialog.locator('#rule-share').fill(share);
  await dialog.locator('#rule-basis').fill(basis);
  await dialog.locator(c.saveRule).click();
  return dialog;
}

/** Dismisses the toasts (they stay until dismissed), so a screenshot shows the screen. */
async function clearToasts(page) {
  const close = page.locator('.kura-toast__close');
  while ((await close.count()) > 0) await close.first().click();
}

async function closingPage(page) {
  await page.locator(c.navClosing).click();
  await page.locator(c.year).waitFor();
}

test('closing: private-use split and year close, in Japanese and English', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const shots = [];
  try {
    await createBook(page, { name: '山田デザイン事務所' });
    await postEntry(page, {
      date: '2025-04-25', description: '事務所家賃 4月分', debit: '地代家賃', credit: '普通預金', amount: '100,000',
    });
    await waitForText(page, c.entryRow, '事務所家賃 4月分');
    await postEntry(page, {
      date: '2025-06-30', description: 'デザイン料 A社', debit: '普通預金', credit: '売上高', amount: '500,000',
    });
    await waitForText(page, c.entryRow, 'デザイン料 A社');

    // ---- Step 1: the year with entries is offered.
    await closingPage(page);
    await waitForText(page, 'h1', '決算');
    assert.equal(await page.locator(c.year).inputValue(), '2025-12-31');
    await page.locator('[data-testid=no-rules]').waitFor();

    // ---- Step 2: a share of 120% and a share in words are refused inline; nothing is saved.
    const dialog = await fillRule(page, { account: '地代家賃', share: '120', basis: '床面積 30%' });
    await waitForText(page, '#rule-share-error', '100%以下');
    await dialog.locator('#rule-share').fill('三十');
    await dialog.locator(c.saveRule).click();
    await waitForText(page, '#rule-share-error', '「三十」は割合ではありません');
    shots.push(await screenshot(page, 'closing-rule-error', 'ja'));
    await dialog.locator('#rule-share').fill('３０％');
    await dialog.locator(c.saveRule).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForText(page, sel.toast, '家事按分の設定を保存しました');
    await waitForText(page, c.ruleRow, '30%');
    assert.equal(await page.locator(c.ruleRow).count(), 1, 'the refused attempts saved nothing');
    assert.match(await page.locator(c.ruleRow).innerText(), /地代家賃[\s\S]*30%[\s\S]*床面積 30%/);

    // A second rule, edited and then removed.
    const phone = await fillRule(page, { account: '通信費', share: '50', basis: '使用時間' });
    await phone.waitFor({ state: 'hidden' });
    await waitForText(page, c.ruleRow, '通信費');
    await page.locator(c.ruleRow).filter({ hasText: '通信費' }).locator('[data-testid=edit-rule]').click();
    assert.equal(await page.locator(`${sel.dialog} #rule-share`).inputValue(), '50');
    await page.locator(`${sel.dialog} #rule-share`).fill('40');
    await page.locator(`${sel.dialog} ${c.saveRule}`).click();
    await waitForText(page, c.ruleRow, '40%');
    await page.locator(c.ruleRow).filter({ hasText: '通信費' }).locator('[data-testid=delete-rule]').click();
    await waitForText(page, sel.toast, '家事按分の設定を削除しました');
    await page.waitForFunction((s) => document.querySelectorAll(s).length === 1, c.ruleRow);

    // ---- Step 3: 100,000 × 30% = 30,000 to 事業主貸, previewed, then posted once.
    await waitForText(page, c.splitRow, '¥30,000');
    const preview = await page.locator(c.splitRow).innerText();
    assert.match(preview, /地代家賃[\s\S]*¥100,000[\s\S]*30%[\s\S]*¥30,000[\s\S]*¥0[\s\S]*¥30,000/);
    await waitForText(page, '[data-testid=split-total]', '¥30,000');
    await page.locator('[data-testid=split-pending]').waitFor();
    await clearToasts(page);
    shots.push(await screenshot(page, 'closing-before', 'ja'));
    await page.locator(c.postSplit).click();
    await waitForText(page, c.splitStatus, '家事按分は記帳済みです');
    await waitForText(page, '[data-testid=split-moved]', '¥30,000');
    await waitForText(page, '[data-testid=split-total]', '¥0');
    assert.ok(await page.locator(c.postSplit).isDisabled(), 'no second split');
    assert.equal(await page.locator('[data-testid=split-pending]').count(), 0);

    // ---- Step 4: profit 500,000 − (100,000 − 30,000) = 430,000;
    // 元入金 0 + 事業主借 0 − 事業主貸 30,000 + 430,000 = 400,000 (the bank's balance).
    await waitForText(page, '[data-testid=close-profit]', '¥430,000');
    await waitForText(page, '[data-testid=close-drawings]', '¥30,000');
    await waitForText(page, '[data-testid=close-contributions]', '¥0');
    await waitForText(page, '[data-testid=close-capital-before]', '¥0');
    await waitForText(page, '[data-testid=close-capital-after]', '¥400,000');
    await page.locator(c.closeYear).click();
    await waitForText(page, '[data-testid=close-dialog] form', '2025/12/31までの帳簿を締め');
    await page.locator(c.confirmClose).click();
    await waitForText(page, sel.toast, '決算を確定し、年度を締めました');
    await waitForText(page, c.closeStatus, '決算済み');
    assert.equal(await page.locator(c.closeYear).count(), 0, 'a closed year offers no second close');
    await waitForText(page, c.year, '(締め済み)');

    // ---- Step 5: the next year opens with the bank and 元入金 at 400,000, nothing else.
    await waitForText(page, '[data-testid=opening-intro]', '2026/01/01にこの残高で始まりました');
    const opening = await page.locator(c.openingRow).allInnerTexts();
    assert.equal(opening.length, 2, JSON.stringify(opening));
    assert.match(opening.find((r) => r.includes('普通預金')), /¥400,000/);
    assert.match(opening.find((r) => r.includes('元入金')), /¥400,000/);
    await clearToasts(page);
    shots.push(await screenshot(page, 'closing-after', 'ja'));

    // The journal holds the split (dated the year end) and the closing entry.
    await page.locator(c.navJournal).click();
    await waitForText(page, c.entryRow, '家事按分');
    assert.match(await page.locator(c.entryRow).filter({ hasText: '家事按分' }).innerText(), /2025\/12\/31[\s\S]*¥30,000/);
    assert.match(await page.locator(c.entryRow).filter({ hasText: '決算振替' }).innerText(), /2026\/01\/01/);

    // ---- Posting into the closed year is refused.
    await postEntry(page, {
      date: '2025-12-20', description: '締め後の家賃', debit: '地代家賃', credit: '普通預金', amount: '1,000',
    });
    await waitForText(page, c.entryError, '2025/12/31まで帳簿を締めているため');
    assert.match(new URL(page.url()).pathname, /\/journal\/new$/);

    // ---- English.
    await switchLanguage(page, 'en');
    await closingPage(page);
    await waitForText(page, 'h1', 'Year end');
    await waitForText(page, c.splitStatus, 'is posted');
    await waitForText(page, c.closeStatus, 'This year is closed');
    await waitForText(page, '[data-testid=close-capital-after]', '¥400,000');
    await waitForText(page, c.openingRow, 'Bank account');
    await clearToasts(page);
    shots.push(await screenshot(page, 'closing-after', 'en'));

    console.log(`screenshots:\n${shots.join('\n')}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
