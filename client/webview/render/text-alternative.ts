/** The diagram read out as an ordered list, for screen readers (and for copying): same rows, same order. */
import type { Diagram } from './layout';
import { segmentsText, time } from './format';

export function textAlternative(d: Diagram): HTMLOListElement {
  const ol = document.createElement('ol');
  ol.className = 'hp-sequence';
  if (d.breaking) ol.append(item(`Breaks here: ${d.breaking.cause}`, 'hp-breaking'));
  for (const r of d.rows) {
    switch (r.kind) {
      case 'arrow':
        ol.append(item(`${time(r.time)}, ${r.from} to ${r.to}: ${r.label}${r.breaking ? ' (breaking point)' : ''}`, r.breaking ? 'hp-breaking' : undefined));
        break;
      case 'note':
        ol.append(item(`${r.breaking ? 'Breaking point: ' : ''}${segmentsText(r.segments)}`, r.breaking ? 'hp-breaking' : undefined));
        break;
      case 'retransmissions':
        ol.append(item(r.text.replace(/^[▸▾] /, '')));
        break;
      case 'attempt':
      case 'end':
        ol.append(item(r.text));
        break;
    }
  }
  return ol;
}

function item(text: string, cls?: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  if (cls) li.className = cls;
  return li;
}
