// The "Gradients" side view: the live dashboard at sidebar width.
import { startLivePage } from './page';

startLivePage('sidebar');
