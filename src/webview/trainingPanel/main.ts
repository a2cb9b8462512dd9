// The training panel: the live dashboard enlarged, plus the MNIST digits and confusion matrix.
import { startLivePage } from '../livePage/boot';
import { ClassificationView } from './classification';

startLivePage('panel', (root) => {
  const classification = new ClassificationView();
  root.append(classification.element);
  return (state) => classification.update(state.report);
});
