// The "Gradients" side view: the live dashboard at sidebar width.
import { startLivePage } from '../livePage/boot';

startLivePage('sidebar');
