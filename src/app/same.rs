//! Shared values compared by identity. The app makes new objects for every
//! change (a new register, a new analysis), so two handles on the same object
//! mean nothing changed: comparing them costs nothing, however large the value,
//! where comparing contents would walk tens of thousands of risks per render.

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc` that is equal to another exactly when both point at one object.
#[derive(Debug)]
pub struct Same<T>(pub Rc<T>);

impl<T> Same<T> {
    /// A handle on `value`, for a memo key or a property.
    pub fn of(value: &Rc<T>) -> Self {
        Same(value.clone())
    }
}

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(self.0.clone())
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Same<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_only_to_the_same_object() {
        let a = Rc::new(vec![1, 2, 3]);
        let b = Rc::new(vec![1, 2, 3]);
        assert_eq!(Same::of(&a), Same::of(&a.clone()));
        assert_ne!(Same::of(&a), Same::of(&b), "equal contents, another object");
        assert_eq!(Same::of(&a).len(), 3);
    }
}
