// Files a case the way a resident does: the report form, with a map pin chosen on WeChat's map
// (wx.chooseLocation). Page tests use it instead of sending a location through the API.
import { wxControl, type LoadedPage, loadPage } from './simulate';

export interface ReportForm {
  category: string; // its name, e.g. 劳动争议纠纷
  town: string;
  community: string;
  description: string;
  /** Where the resident pins it; none: no pin. */
  pin?: { latitude: number; longitude: number; name?: string; address?: string };
}

async function change(p: LoadedPage, selector: string, value: unknown): Promise<void> {
  const node = p.query(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  node.dispatchEvent('change', { detail: { value } });
  await new Promise((r) => setTimeout(r, 0));
}

async function where(p: LoadedPage): Promise<{ townNames: string[]; communityNames: string[] }> {
  await p.waitFor(() => p.query('.report__where')?.data.ready === true);
  return p.query('.report__where')!.data as { townNames: string[]; communityNames: string[] };
}

/** Fills the report form (the signed-in resident), pins the place if asked; the page, ready to submit. */
export async function fillReport(form: ReportForm): Promise<LoadedPage> {
  const page = await loadPage('pages/report/index');
  await page.waitForText('纠纷类别');
  await change(page, '.report__category', (page.data.categoryNames as string[]).indexOf(form.category));
  await change(page, '.report__where >>> .cp__town', (await where(page)).townNames.indexOf(form.town));
  await change(page, '.report__where >>> .cp__community', (await where(page)).communityNames.indexOf(form.community));
  await page.typeInto('.report__description', form.description);
  if (form.pin) {
    wxControl.nextChosenLocation = form.pin;
    await page.tapText('在地图上选择');
    await page.waitFor(() => page.data.location !== null);
  }
  return page;
}

/** Submits a filled form; the new case's id and number (from the page's own answer). */
export async function submitReport(page: LoadedPage): Promise<{ caseId: string; code: string }> {
  const before = wxControl.redirectTo.mock.calls.length;
  await page.tapText('提交');
  await page.waitFor(() => wxControl.redirectTo.mock.calls.length > before);
  const url = String((wxControl.redirectTo.mock.calls[before][0] as { url: string }).url);
  return {
    caseId: decodeURIComponent(url.split('caseId=')[1]),
    code: String(page.data.resultCode)
  };
}
