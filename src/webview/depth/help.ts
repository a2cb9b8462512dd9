/** The "About the theory" section: what is measured, what the theory predicts, and where it comes from. */
import { t } from '../common/l10n';
import { el } from '../common/dom';

export function renderHelp(container: HTMLElement): void {
  const p = (text: string) => el('p', undefined, text);
  const refs = el('ul', 'references');
  for (const ref of [
    'B. Poole, S. Lahiri, M. Raghu, J. Sohl-Dickstein, S. Ganguli. Exponential expressivity in deep neural networks through transient chaos. NeurIPS 2016. arXiv:1606.05340',
    'S. S. Schoenholz, J. Gilmer, S. Ganguli, J. Sohl-Dickstein. Deep information propagation. ICLR 2017. arXiv:1611.01232',
    'G. Yang, J. Pennington, V. Rao, J. Sohl-Dickstein, S. S. Schoenholz. A mean field theory of batch normalization. ICLR 2019. arXiv:1902.08129',
    'G. Yang, S. S. Schoenholz. Mean field residual networks: on the edge of chaos. NeurIPS 2017. arXiv:1712.08969',
  ]) {
    refs.append(el('li', undefined, ref));
  }
  container.replaceChildren(
    el('h3', undefined, t('What is measured')),
    p(t('A random network of the chosen depth and width gets one batch of random inputs. The engine runs a real forward and backward pass of a mean-squared-error loss against random targets. The chart shows, for every hidden layer from the input (left) to the output (right), the norm of dL/dh (the gradient with respect to the layer\'s pre-activation, over the whole batch) and the norm of the layer\'s weight gradient.')),
    el('h3', undefined, t('What the theory predicts')),
    p(t('In a wide random network the pre-activations are Gaussian. Their variance follows the map q^l = σ_w² E[φ(√q^(l−1) z)²] + σ_b², z ~ N(0, 1), started from the inputs; going back one layer multiplies the squared gradient by χ^l = σ_w² E[φ\'(√q^l z)²]. So the predicted gradient norm is the product of √χ from the output down (Poole et al. 2016; Schoenholz et al. 2017). The expectations are computed by Gaussian quadrature; σ_w is the weight std times √fan_in, σ_b the bias std.')),
    p(t('If χ < 1 at the fixed point q* of the map, the network is in the ordered phase and gradients vanish, shrinking by a factor e in squared norm every −1/ln χ layers (the depth scale). If χ > 1 it is chaotic and gradients explode. At χ = 1 it is critical (the edge of chaos): ReLU with He initialization, where E[relu\'(z)²] = 1/2 and σ_w² = 2, is the classic example.')),
    p(t('For the sigmoid, σ\'(x) ≤ 1/4: each layer can multiply the gradient by at most about σ_w / 4, which is the classic argument for why deep sigmoid networks vanish. The chart draws this bound.')),
    el('h3', undefined, t('Why, per layer')),
    p(t('The ratio ‖δˡ‖/‖δˡ⁺¹‖ between consecutive layers is split exactly into the activation part ‖δˡ‖/‖gˡ‖, what φ\' did to the gradient (mean |φ\'| is shown beside it), and the weight part ‖gˡ‖/‖δˡ⁺¹‖, what the next weight matrix did (about σ_w for a random matrix). A small activation part means saturation; a small weight part means small weights.')),
    el('h3', undefined, t('Batch normalization and residual connections')),
    p(t('With batch normalization the pre-activations are normalized, so the theory uses q = 1, divides by the spread of the previous layer\'s outputs and multiplies chi by (B − 2)/(B − 3) for a batch of B samples (batch norm\'s backward removes 2 of the B directions and divides by the batch\'s own spread); with residual connections it adds the identity path. These overlays are approximations (Yang et al. 2019; Yang and Schoenholz 2017).')),
    el('h3', undefined, t('Clipping')),
    p(t('By value clamps every gradient coordinate to [−M, M] (torch.nn.utils.clip_grad_value_), which changes the gradient\'s direction. By norm multiplies all gradients by min(1, max_norm / (total norm + 1e-6)) (torch.nn.utils.clip_grad_norm_), which keeps the direction. The training run trains two copies of the same network with plain full-batch SGD on the measured batch, one with and one without clipping.')),
    el('h3', undefined, t('References')),
    refs,
  );
}
