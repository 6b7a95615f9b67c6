import { existsSync, readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { SERVICES, SERVICE_LABELS } from '@poverty/contracts';
import { formatFen } from '@poverty/policy';
import { OPEN_STAGES, type MonthlyDispatch, type TownshipDispatch } from './dispatch.service';
import type { Cell, Sheet } from './tabular';

const STAGE_LABELS: Record<(typeof OPEN_STAGES)[number], string> = { application: '申报', review: '审核', publicNotice: '公示', acceptance: '验收' };
const yuan = (fen: number) => Math.round(fen) / 100;
const title = (r: MonthlyDispatch) => `一月一调度 ${r.year}年${r.month}月`;

type Row = Omit<TownshipDispatch, 'townshipCode' | 'townshipName'> & { townshipName: string };

const SUMMARY_HEADER = ['乡镇(街道)', '本月脱贫(户)', '本月脱贫(人)', '全年脱贫(户)', '全年脱贫(人)', '在办案件', '超期案件', '超期帮扶任务', '本月新增预警', '本月办结预警', '未办结预警', '已承诺资金(元)', '已拨付资金(元)', '本月拨付(元)'];

function summaryRow(t: Row): Cell[] {
  return [
    t.townshipName, t.exits.monthHouseholds, t.exits.monthPeople, t.exits.yearHouseholds, t.exits.yearPeople,
    t.openCases, t.overdue.cases, t.overdue.tasks, t.flags.raised, t.flags.closed, t.flags.open,
    yuan(t.money.committedFen), yuan(t.money.paidFen), yuan(t.money.paidInMonthFen),
  ];
}

const rows = (r: MonthlyDispatch): Row[] => [...r.townships, { ...r.totals, townshipName: '合计' }];

/** The monthly dispatch as worksheets: per township; open cases by service and stage; the target. */
export function monthlySheets(r: MonthlyDispatch): Sheet[] {
  const byService: Cell[] = ['乡镇(街道)'];
  for (const s of SERVICES) {
    for (const stage of OPEN_STAGES) byService.push(`${SERVICE_LABELS[s]}-${STAGE_LABELS[stage]}`);
    byService.push(`${SERVICE_LABELS[s]}-超期`, `${SERVICE_LABELS[s]}-已承诺(元)`, `${SERVICE_LABELS[s]}-已拨付(元)`, `${SERVICE_LABELS[s]}-本月销号`);
  }
  const serviceRows = rows(r).map((t) => [
    t.townshipName,
    ...SERVICES.flatMap((s) => [...OPEN_STAGES.map((stage) => t.services[s].open[stage]), t.services[s].overdue, yuan(t.services[s].committedFen), yuan(t.services[s].paidFen), t.services[s].closedInMonth]),
  ]);
  return [
    { name: `${r.year}年${r.month}月调度`, rows: [SUMMARY_HEADER, ...rows(r).map(summaryRow)] },
    { name: '分业务在办案件', rows: [byService, ...serviceRows] },
    {
      name: '脱贫目标',
      rows: [
        ['项目', '数值'],
        ['年度', r.year],
        ['月份', r.month],
        ['全县脱贫目标(户)', r.exitTarget.households],
        ['全县脱贫目标(人)', r.exitTarget.people],
        ['全年已脱贫(户)', r.totals.exits.yearHouseholds],
        ['全年已脱贫(人)', r.totals.exits.yearPeople],
        ['未响应的服务', r.unavailable.join('、') || '无'],
        ['生成时间', r.generatedAt],
      ],
    },
  ];
}

/** Where a TrueType CJK font is looked for (pdf-lib embeds a subset of it). */
export const PDF_FONT_CANDIDATES = ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', '/usr/share/fonts/truetype/wqy/wqy-microhei.ttf'];

/** The font file for PDF exports: `REPORT_PDF_FONT`, or the first candidate installed; null if none. */
export function pdfFontPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env['REPORT_PDF_FONT'];
  if (configured) return existsSync(configured) ? configured : null;
  return PDF_FONT_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/**
 * The monthly dispatch as an A4 landscape PDF: the per-township table and a bar chart of the money
 * paid this year per township. Chinese text needs a CJK TrueType font (see `pdfFontPath`).
 */
export async function monthlyPdf(r: MonthlyDispatch, fontPath: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(title(r));
  const font = await doc.embedFont(readFileSync(fontPath), { subset: true });
  const [width, height] = [842, 595];
  const margin = 30;
  let page = doc.addPage([width, height]);
  let y = height - margin;
  const text = (s: string, x: number, size = 8, color = rgb(0, 0, 0)) => page.drawText(s, { x, y, size, font, color });

  text(`${title(r)} · 本溪满族自治县`, margin, 16);
  y -= 22;
  text(`全县脱贫目标 ${r.exitTarget.households} 户 ${r.exitTarget.people} 人；全年已脱贫 ${r.totals.exits.yearHouseholds} 户 ${r.totals.exits.yearPeople} 人；本月脱贫 ${r.totals.exits.monthHouseholds} 户。生成时间 ${r.generatedAt}${r.unavailable.length ? `；未响应：${r.unavailable.join('、')}` : ''}`, margin, 9);
  y -= 20;

  const widths = [92, 46, 46, 46, 46, 46, 46, 52, 50, 50, 50, 62, 62, 62];
  const header = ['乡镇(街道)', '本月脱贫户', '本月脱贫人', '全年脱贫户', '全年脱贫人', '在办案件', '超期案件', '超期帮扶', '新增预警', '办结预警', '未办结', '已承诺(元)', '已拨付(元)', '本月拨付(元)'];
  const drawRow = (cells: Cell[], bold = false) => {
    let x = margin;
    cells.forEach((c, i) => {
      const s = typeof c === 'number' && i >= 11 ? formatFen(Math.round(c * 100)) : String(c ?? '');
      text(s, x, 7.5, bold ? rgb(0.1, 0.2, 0.5) : rgb(0, 0, 0));
      x += widths[i];
    });
    y -= 13;
  };
  drawRow(header, true);
  for (const row of rows(r)) {
    if (y < margin + 20) {
      page = doc.addPage([width, height]);
      y = height - margin;
      drawRow(header, true);
    }
    drawRow(summaryRow(row), row.townshipName === '合计');
  }

  // 已拨付资金 per township, as bars.
  page = doc.addPage([width, height]);
  y = height - margin;
  text('各乡镇全年已拨付资金（元）', margin, 12);
  y -= 24;
  const max = Math.max(1, ...r.townships.map((t) => t.money.paidFen));
  for (const t of r.townships) {
    text(t.townshipName, margin, 8);
    const w = Math.round((t.money.paidFen / max) * 520);
    if (w > 0) page.drawRectangle({ x: margin + 110, y: y - 1, width: w, height: 9, color: rgb(0.2, 0.45, 0.75) });
    text(formatFen(t.money.paidFen), margin + 120 + w, 8);
    y -= 16;
  }
  return Buffer.from(await doc.save());
}
