/* Search result excerpts from the page's own text.
 *
 * Sphinx takes an excerpt from the whole [role=main] element, and our pages put
 * interface parts there (the language switcher for narrow screens, the
 * translation notice): excerpts then started with "Languages English Deutsch…".
 * Those parts carry data-search-skip and are removed before the text is taken.
 * A glossary term's result already shows the term as its title: its excerpt is
 * the definition, not the term again.
 */
(() => {
  const pageText = Search.htmlToText;

  // Blocks whose text would otherwise run into the next one's: a glossary's
  // <dt>Docker</dt><dd>Docker is…</dd> read as "DockerDocker is…".
  const BLOCKS = "dt, dd, p, li, h1, h2, h3, h4, h5, h6, th, td, caption, figcaption";

  const contentOnly = (htmlString) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll("[data-search-skip]").forEach((element) => element.remove());
    // A term then its definition: "Docker: Docker is…".
    page.querySelectorAll("dt").forEach((term) => term.append(":"));
    page.querySelectorAll(BLOCKS).forEach((block) => block.append(" "));
    return page;
  };

  const definitionOf = (page, anchor) => {
    const term = anchor ? page.querySelector(`[role="main"] dt${anchor}`) : null;
    if (!term) return null;
    const definition = term.nextElementSibling;
    return definition && definition.tagName === "DD" ? definition.textContent : null;
  };

  Search.htmlToText = (htmlString, anchor) => {
    const page = contentOnly(htmlString);
    return definitionOf(page, anchor) ?? pageText(page.documentElement.outerHTML, anchor);
  };
})();
