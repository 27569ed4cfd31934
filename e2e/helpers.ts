import { expect, type Page } from '@playwright/test';

export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in on the login page of the suite's console, or of another one at `base` (http://localhost:PORT). */
export async function signInFresh(page: Page, email: string, password: string, base = '') {
  await page.goto(`${base}/login`);
  await signIn(page, email, password);
  await expect(page.getByTestId('current-user')).toHaveText(email);
}
