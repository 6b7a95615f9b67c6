import { SERVICES } from '@poverty/contracts';
import { monthlyPdf, monthlySheets, pdfFontPath } from './dispatch.export';
import type { MonthlyDispatch, ServiceDispatch, TownshipDispatch } from './dispatch.service';

const service = (over: Partial<ServiceDispatch> = {}): ServiceDispatch => ({ open: { application: 1, review: 2, publicNotice: 0, acceptance: 1 }, overdue: 1, committedFen: 500_000, paidFen: 4_500_000, closedInMonth: 1, paidInMonthFen: 4_500_000, ...over });
const township: TownshipDispatch = {
  townshipCode: '210521100000',
  townshipName: '小市镇',
  exits: { yearHouseholds: 12, yearPeople: 30, monthHouseholds: 2, monthPeople: 5 },
  services: Object.fromEntries(SERVICES.map((s) => [s, service()])) as TownshipDispatch['services'],
  openCases: 20,
  overdue: { cases: 5, tasks: 1 },
  flags: { raised: 3, closed: 1, open: 2 },
  money: { committedFen: 2_500_000, paidFen: 22_500_000, paidInMonthFen: 22_500_000 },
};
const { townshipCode: _c, townshipName: _n, ...totals } = township;
const report: MonthlyDispatch = { year: 2019, month: 6, exitTarget: { households: 96, people: 205 }, townships: [township], totals, unavailable: [], generatedAt: '2019-07-01T00:00:00.000Z' };

describe('monthly dispatch exports', () => {
  it('lays the report out as worksheets, amounts in yuan, with a total row', () => {
    const [summary, byService, target] = monthlySheets(report);
    expect(summary.rows[0][0]).toBe('乡镇(街道)');
    expect(summary.rows[1]).toEqual(['小市镇', 2, 5, 12, 30, 20, 5, 1, 3, 1, 2, 25_000, 225_000, 225_000]);
    expect(summary.rows.at(-1)?.[0]).toBe('合计');
    expect(byService.rows[0]).toContain('危房改造-审核');
    expect(target.rows).toContainEqual(['全县脱贫目标(户)', 96]);
  });

  const font = pdfFontPath();
  (font ? it : it.skip)('writes a PDF with the Chinese text embedded in a CJK font subset', async () => {
    const pdf = await monthlyPdf(report, font!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(500_000);
  });

  it('says there is no font when REPORT_PDF_FONT names a missing file', () => {
    expect(pdfFontPath({ REPORT_PDF_FONT: '/nonexistent/font.ttf' })).toBeNull();
  });
});
