import { classify, type ClassifyContext } from '../classify/classifier.ts';
import type { ClassifierModels } from '../classify/models.ts';
import type { LabelledText } from '../db/labels.repo.ts';
import { HOAX_LABELS, LABEL_POLICE_CLASS, type ItemLabel, type PoliceClass, type SourceTrust } from '../vocabulary.ts';
import type { Gate } from './gates.ts';

/** A desk label as training and evaluation read it. */
export interface TrainingLabel {
  item_id: number;
  /** Title and text as the classifier reads them. */
  text: string;
  title: string | null;
  author: string | null;
  /** 1 when the analyst said hoax (hoaks tentang polisi, mengatasnamakan), else 0. */
  hoax: 0 | 1;
  /** The police-triage class the label stands for, if any. */
  police_class: PoliceClass | null;
  source_trust: SourceTrust | null;
  label: ItemLabel;
}

/** Class labels as training rows; `trust` gives each source's trust class. */
export function toTrainingLabels(rows: readonly LabelledText[], trust: ReadonlyMap<string, SourceTrust> = new Map()): TrainingLabel[] {
  return rows.map((r) => {
    const label = r.value as ItemLabel;
    return {
      item_id: r.item_id,
      text: r.text,
      title: r.title,
      author: r.author,
      hoax: (HOAX_LABELS as readonly string[]).includes(label) ? 1 : 0,
      police_class: LABEL_POLICE_CLASS[label],
      source_trust: trust.get(r.source_id) ?? null,
      label,
    };
  });
}

/**
 * The deployment's own gates: the models (with the deployment's lexicon and registry from `ctx`) on
 * the held-out labels, through the whole classifier as the classify stage runs it.
 */
export function deskGates(models: ClassifierModels, ctx: ClassifyContext, heldout: readonly TrainingLabel[]): Gate[] {
  const c: ClassifyContext = { ...ctx, model: models.model, triage: models.triage };
  const results = heldout.map((l) => ({ l, r: classify({ title: l.title, text: l.text, sourceTrust: l.source_trust, author: l.author }, c) }));
  const share = (xs: typeof results, ok: (x: (typeof results)[number]) => boolean) => (xs.length ? xs.filter(ok).length / xs.length : null);
  const notHoax = results.filter((x) => x.l.hoax === 0);
  const hoax = results.filter((x) => x.l.hoax === 1);
  const police = results.filter((x) => x.l.police_class !== null && x.r.police_flags !== null);
  return [
    {
      id: 'desk:hoax_accuracy',
      label: 'Label meja (set uji): hoaks/bukan tepat',
      value: share(results, (x) => x.r.hoax === (x.l.hoax === 1)),
      n: results.length,
      better: 'higher',
    },
    {
      id: 'desk:false_hoax',
      label: 'Label meja (set uji): bukan hoaks disebut hoaks',
      value: share(notHoax, (x) => x.r.hoax),
      n: notHoax.length,
      better: 'lower',
    },
    { id: 'desk:hoax_recall', label: 'Label meja (set uji): hoaks tertangkap', value: share(hoax, (x) => x.r.hoax), n: hoax.length, better: 'higher' },
    {
      id: 'desk:police_class',
      label: 'Label meja (set uji): kelas polisi tepat',
      value: share(police, (x) => x.r.police_flags?.class === x.l.police_class),
      n: police.length,
      better: 'higher',
    },
  ];
}
