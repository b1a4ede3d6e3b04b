//! What a message's placeables hold: variables, references to other
//! messages and terms, selects (plurals) and the text, from the
//! `fluent-syntax` tree.

use std::collections::BTreeMap;

use fluent_syntax::ast;

use super::fluent::{Entry, Lines, Piece, Select};

/// Collects variables, references, selects and text of one entry.
pub(super) struct Walk<'a, 's> {
    pub(super) lines: &'a Lines<'s>,
    pub(super) entry: Entry,
}

impl Walk<'_, '_> {
    pub(super) fn pattern(&mut self, pattern: &ast::Pattern<&str>, vars: &mut BTreeMap<String, usize>) {
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => self.entry.text.push(Piece::Text((*value).to_owned())),
                ast::PatternElement::Placeable { expression } => self.expression(expression, vars),
            }
        }
    }

    fn expression(&mut self, expression: &ast::Expression<&str>, vars: &mut BTreeMap<String, usize>) {
        match expression {
            ast::Expression::Inline(inline) => self.inline(inline, vars),
            ast::Expression::Select { selector, variants } => {
                self.inline(selector, vars);
                let variable = match selector {
                    ast::InlineExpression::VariableReference { id } => Some(id),
                    // `{ NUMBER($count, …) -> … }`
                    ast::InlineExpression::FunctionReference { arguments, .. } => {
                        arguments.positional.iter().find_map(|a| match a {
                            ast::InlineExpression::VariableReference { id } => Some(id),
                            _ => None,
                        })
                    }
                    _ => None,
                };
                let line = match (variable, variants.first()) {
                    (Some(id), _) => self.lines.of(id.name),
                    (None, Some(variant)) => self.lines.of(key_text(&variant.key)),
                    (None, None) => self.entry.line,
                };
                let keys = variants.iter().map(|v| key_text(&v.key).to_owned()).collect();
                self.entry.selects.push(Select { variable: variable.map(|id| id.name.to_owned()), line, keys });
                for variant in variants {
                    self.entry.text.push(Piece::Gap);
                    self.pattern(&variant.value, vars);
                }
            }
        }
    }

    fn inline(&mut self, inline: &ast::InlineExpression<&str>, vars: &mut BTreeMap<String, usize>) {
        match inline {
            ast::InlineExpression::StringLiteral { value } => self.entry.text.push(Piece::Text((*value).to_owned())),
            ast::InlineExpression::NumberLiteral { .. } => self.entry.text.push(Piece::Gap),
            ast::InlineExpression::VariableReference { id } => {
                // A term's own `$parameters` are not the caller's variables.
                if !self.entry.is_term() {
                    vars.entry(id.name.to_owned()).or_insert_with(|| self.lines.of(id.name));
                }
                self.entry.text.push(Piece::Gap);
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => self.arguments(arguments, vars),
            ast::InlineExpression::MessageReference { id, .. } => {
                self.entry.message_refs.push((id.name.to_owned(), self.lines.of(id.name)));
                self.entry.text.push(Piece::Reference(id.name.to_owned()));
            }
            ast::InlineExpression::TermReference { id, arguments, .. } => {
                let term = format!("-{}", id.name);
                self.entry.term_refs.push((term.clone(), self.lines.of(id.name)));
                self.entry.text.push(Piece::Reference(term));
                if let Some(arguments) = arguments {
                    self.arguments(arguments, vars);
                }
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression, vars),
        }
    }

    fn arguments(&mut self, arguments: &ast::CallArguments<&str>, vars: &mut BTreeMap<String, usize>) {
        for argument in arguments.positional.iter().chain(arguments.named.iter().map(|n| &n.value)) {
            self.inline(argument, vars);
        }
    }
}

fn key_text<'s>(key: &ast::VariantKey<&'s str>) -> &'s str {
    match key {
        ast::VariantKey::Identifier { name } => name,
        ast::VariantKey::NumberLiteral { value } => value,
    }
}
