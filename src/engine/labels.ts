/** Every object the tutor creates carries these labels; reset only ever trusts them or a lab's baseline. */
export const LABEL_MANAGED = 'dev.docker-dojo.managed';
export const LABEL_LAB = 'dev.docker-dojo.lab';

export const labLabels = (labId: string): Record<string, string> => ({ [LABEL_MANAGED]: 'true', [LABEL_LAB]: labId });

export const isLabelledFor = (labels: Record<string, string> | undefined | null, labId: string): boolean =>
  labels?.[LABEL_MANAGED] === 'true' && labels?.[LABEL_LAB] === labId;
