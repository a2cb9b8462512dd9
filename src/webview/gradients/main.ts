// The "Gradients" side view: the live dashboard at sidebar width.
import { startLivePage } from './boot';

startLivePage('sidebar');
