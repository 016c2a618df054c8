import { HoaxModel } from './hoax-model.ts';
import { PoliceTriageModel } from './police-triage.ts';

export interface ClassifierModels {
  model: HoaxModel;
  triage: PoliceTriageModel;
}

let loaded: ClassifierModels | undefined;

/** The two learned models from models/, read once per process: every classify context starts here. */
export function loadModels(): ClassifierModels {
  loaded ??= { model: HoaxModel.load(), triage: PoliceTriageModel.load() };
  return loaded;
}

/** What a stored classification is keyed on: both models' versions, so retraining either reclassifies. */
export function modelVersion(m: ClassifierModels): string {
  return `${m.model.version}+${m.triage.version}`;
}
