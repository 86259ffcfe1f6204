// The cost approval shared by `Baton: Ask` and the chat view: a modal above the approval
// threshold, because the request has not been sent yet and the user must decide before it is.
import * as vscode from 'vscode';
import type { CostPreview } from '../../core/routing/routeRequest';

/** True when the user chose Send; closing the dialog declines. */
export async function approveCost(preview: CostPreview): Promise<boolean> {
  const tokens = `${preview.inputTokens.toLocaleString('en-US')} input tokens${preview.inputExact ? '' : ' (estimated)'}`;
  const answer = await vscode.window.showWarningMessage(
    `This request may cost up to $${preview.maxUsd.toFixed(4)} on ${preview.provider}/${preview.model}.`,
    { modal: true, detail: `Expected about $${preview.expectedUsd.toFixed(4)} for ${tokens}. Your approval threshold is $${preview.thresholdUsd.toFixed(2)} (baton.routing.approvalThresholdUsd).` },
    'Send',
  );
  return answer === 'Send';
}
