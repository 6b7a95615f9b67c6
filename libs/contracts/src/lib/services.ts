/** The five case services; also the `{service}` segment of the HTTP paths. */
export const SERVICES = ['identification', 'housing', 'medical', 'education', 'exit-verification'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const SERVICE_LABELS: Record<ServiceName, string> = {
  identification: '精准识别',
  housing: '危房改造',
  medical: '医疗救助',
  education: '教育救助',
  'exit-verification': '脱贫退出',
};

export function isServiceName(value: string): value is ServiceName {
  return (SERVICES as readonly string[]).includes(value);
}
