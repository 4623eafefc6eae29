// Draws each chart from the Plotly figure that the server embedded as JSON beside it.
// Without JavaScript the sentence and table next to each chart stand on their own.
var NARROW_CHART_WIDTH = 600;

function isNarrow(container) {
  return container.clientWidth < NARROW_CHART_WIDTH;
}

document.querySelectorAll("[data-chart-source]").forEach(function (container) {
  var source = document.getElementById(container.getAttribute("data-chart-source"));
  if (!source || !window.Plotly) {
    return;
  }
  var figure = JSON.parse(source.textContent);
  // A bar chart's labels in words run off a phone's screen: there it shows just the figures
  // (carried as customdata); the table beneath the chart has the words.
  var labelled = [];
  var words = [];
  var figuresOnly = [];
  figure.data.forEach(function (trace, index) {
    if (trace.customdata && trace.text) {
      labelled.push(index);
      words.push(trace.text);
      figuresOnly.push(trace.customdata);
    }
  });
  // Plotly's responsive resize takes its height from the container, which has none of its own:
  // without this, a chart shrank to a sliver after a phone turned or a window was resized.
  if (figure.layout.height) {
    container.style.height = figure.layout.height + "px";
  }
  var narrow = isNarrow(container);
  labelled.forEach(function (traceIndex, position) {
    figure.data[traceIndex].text = narrow ? figuresOnly[position] : words[position];
  });
  window.Plotly.newPlot(container, figure.data, figure.layout, {
    displayModeBar: false,
    responsive: true,
  });
  if (!labelled.length || !window.ResizeObserver) {
    return;
  }
  // Turning a phone, or resizing a window, can cross that width: the labels follow.
  new window.ResizeObserver(function () {
    if (isNarrow(container) !== narrow) {
      narrow = !narrow;
      window.Plotly.restyle(container, { text: narrow ? figuresOnly : words }, labelled);
    }
  }).observe(container);
});
