/* Search result excerpts from the page's own paragraphs.
 *
 * Sphinx takes an excerpt from the whole [role=main] element: its headings,
 * lists of links (a paper's first page then read as a run-on list of chapter
 * titles), table cells, diagram boxes, and the interface parts our pages put
 * there (the language switcher for narrow screens, the translation notice, a
 * paper's credits, marked data-search-skip). Here an excerpt is taken from
 * paragraphs of running text only, each ending where the next begins.
 * A glossary term's result already shows the term as its title: its excerpt is
 * the definition, not the term again.
 */
(() => {
  // Paragraphs that are not running text: in tables, figures and diagrams,
  // navigation, lists of links (toctrees) and interface parts.
  const NOT_PROSE = "table, figure, nav, .toctree-wrapper, [data-search-skip], [role=img]";

  const contentOnly = (htmlString) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll("[data-search-skip]").forEach((element) => element.remove());
    return page;
  };

  const paragraphsOf = (page) => {
    const main = page.querySelector('[role="main"]');
    if (!main) return "";
    return [...main.querySelectorAll("p")]
      .filter((paragraph) => !paragraph.closest(NOT_PROSE))
      .map((paragraph) => paragraph.textContent.replace(/\s+/g, " ").trim())
      .filter((text) => text)
      .join(" ");
  };

  const definitionOf = (page, anchor) => {
    const term = anchor ? page.querySelector(`[role="main"] dt${anchor}`) : null;
    if (!term) return null;
    const definition = term.nextElementSibling;
    return definition && definition.tagName === "DD" ? definition.textContent.replace(/\s+/g, " ").trim() : null;
  };

  Search.htmlToText = (htmlString, anchor) => {
    const page = contentOnly(htmlString);
    return definitionOf(page, anchor) ?? paragraphsOf(page);
  };

  // Sphinx starts an excerpt with "..." when it cut the text before a keyword,
  // and also when no keyword is in the text (a title matched): that excerpt is the text's start.
  const summaryOf = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const summary = summaryOf(htmlText, keywords, anchor);
    const text = summary ? summary.textContent.toLowerCase() : "";
    if (summary && ![...keywords].some((keyword) => text.includes(keyword.toLowerCase())))
      summary.textContent = summary.textContent.replace(/^\.\.\./, "");
    return summary;
  };
})();
