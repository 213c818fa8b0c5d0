// lessons/index.js — the lecture's ideas as small live lessons, mounted after the main flow.
import { NeuronLesson } from './neuron.js';
import { ConvolutionLesson } from './convolution.js';
import { ParamsLesson } from './params.js';
import { OverviewLesson } from './overview.js';
import { onLangChange } from '../i18n/index.js';

export function mountLessons(container, client) {
  const lessons = [NeuronLesson, OverviewLesson, ParamsLesson, ConvolutionLesson].map((Lesson) => {
    const section = document.createElement('section');
    section.className = 'lesson';
    container.append(section);
    return new Lesson(section, client);
  });
  const render = () => lessons.forEach((lesson) => lesson.update({}));
  onLangChange(render);
  render();
  return lessons;
}
