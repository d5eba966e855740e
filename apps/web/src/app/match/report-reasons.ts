import type { ReportReason } from '@rendezvous/contracts';

/** What each report reason reads as in the Report form. */
export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  spam: 'Spam or scam',
  harassment: 'Harassment or bullying',
  nudity: 'Nudity or sexual content',
  underage: 'Seems to be under 18',
  hate: 'Hate speech',
  other: 'Something else',
};
